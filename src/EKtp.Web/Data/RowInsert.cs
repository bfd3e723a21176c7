using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace EKtp.Web.Data;

/// <summary>
/// One entity's row as the columns and the bound values of an <c>INSERT</c>, taken from the EF model (table, column
/// names, type mappings and value converters, so a free-text column is cleaned and an enum written by name exactly as
/// <c>SaveChanges</c> would). For a statement that <c>SaveChanges</c> cannot write: an insert that is one part of a
/// bigger statement, such as the booking's (decision 1707). Every mapped property is written from the entity's own
/// value; an entity with a shadow property, a concurrency token, a generated or defaulted column, or complex or owned
/// parts is refused when the insert is built, so a
/// later model change cannot make a column silently go missing here.
/// </summary>
public sealed class RowInsert
{
    private static readonly ConcurrentDictionary<(IModel Model, Type Type), RowInsert> Built = new();

    private readonly (IProperty Property, IClrPropertyGetter Getter, RelationalTypeMapping Mapping)[] _columns;

    private RowInsert(IEntityType type, ISqlGenerationHelper sql)
    {
        var name = type.GetTableName() ?? throw new NotSupportedException($"{type.DisplayName()} is not mapped to a table.");
        Table = sql.DelimitIdentifier(name, type.GetSchema());
        if (type.GetComplexProperties().Any() || type.GetNavigations().Any(n => n.TargetEntityType.IsOwned()))
            throw new NotSupportedException($"{type.DisplayName()} has complex or owned parts: a row insert writes one table's own columns only.");
        var properties = type.GetProperties().ToArray();
        foreach (var p in properties)
        {
            var why = p.IsShadowProperty() ? "is a shadow property"
                : p.IsConcurrencyToken ? "is a concurrency token"
                : p.GetComputedColumnSql() is not null || p.GetDefaultValueSql() is not null
                  || p.FindAnnotation(RelationalAnnotationNames.DefaultValue) is not null ? "has a value the database gives it"
                : p.ValueGenerated != ValueGenerated.Never && !p.IsPrimaryKey() ? "is generated"
                : null;
            if (why is not null)
                throw new NotSupportedException($"{type.DisplayName()}.{p.Name} {why}: a row insert writes the entity's own values only.");
        }
        _columns = properties.Select(p => (p, p.GetGetter(), (RelationalTypeMapping)p.GetRelationalTypeMapping())).ToArray();
        Columns = "(" + string.Join(", ", properties.Select(p => sql.DelimitIdentifier(p.GetColumnName()))) + ")";
    }

    /// <summary>The row insert of <typeparamref name="T"/> in this context's model, built once.</summary>
    public static RowInsert For<T>(DbContext db) =>
        Built.GetOrAdd((db.Model, typeof(T)), static (key, sql) => new RowInsert(key.Model.FindEntityType(key.Type)
            ?? throw new NotSupportedException($"{key.Type.Name} is not an entity of the model."), sql), db.GetService<ISqlGenerationHelper>());

    public string Table { get; }

    /// <summary>The column list in parentheses, in the order of <see cref="Placeholders"/> and <see cref="AddValues"/>.</summary>
    public string Columns { get; }

    public int Count => _columns.Length;

    /// <summary>"$first, $first+1, …": the positional parameters of this row's values.</summary>
    public string Placeholders(int first) =>
        string.Join(", ", Enumerable.Range(first, _columns.Length).Select(i => "$" + i.ToString(CultureInfo.InvariantCulture)));

    /// <summary>Adds the entity's values as unnamed (positional) parameters, in column order, converted as EF converts them.</summary>
    public void AddValues(DbCommand command, object entity)
    {
        foreach (var (property, getter, mapping) in _columns)
            command.Parameters.Add(mapping.CreateParameter(command, "", getter.GetClrValueUsingContainingEntity(entity), property.IsNullable));
    }
}
