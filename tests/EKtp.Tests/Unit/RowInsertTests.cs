using EKtp.Web.Data;
using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace EKtp.Tests.Unit;

/// <summary>The booking's single statement writes its rows from the model (decision 1707); these need no database.</summary>
public class RowInsertTests
{
    [Fact]
    public void The_appointments_insert_names_every_mapped_column_once_in_the_order_of_its_placeholders()
    {
        using var db = new EKtpDbContext(new DbContextOptionsBuilder<EKtpDbContext>().UseNpgsql("Host=unused").UseSnakeCaseNamingConvention().Options);
        var insert = RowInsert.For<Appointment>(db);
        var columns = db.Model.FindEntityType(typeof(Appointment))!.GetProperties().Select(p => p.GetColumnName()).ToList();

        Assert.Equal("appointments", insert.Table);
        Assert.Equal("(" + string.Join(", ", columns) + ")", insert.Columns);
        Assert.Contains("nik_cipher", columns);
        Assert.Equal(columns.Count, insert.Count);
        Assert.Equal("$3, $4, $5", RowInsert.For<Appointment>(db).Placeholders(3)[..10]);
    }

    [Fact]
    public void An_entity_with_a_shadow_property_a_database_default_or_a_concurrency_token_is_refused_rather_than_written_without_it()
    {
        using var shadow = new OddContext(b => b.Entity<Odd>().Property<string>("Hidden"));
        using var defaultSql = new OddContext(b => b.Entity<Odd>().Property(o => o.Name).HasDefaultValueSql("'x'"));
        using var defaultValue = new OddContext(b => b.Entity<Odd>().Property(o => o.Name).HasDefaultValue("x"));
        using var token = new OddContext(b => b.Entity<Odd>().Property(o => o.Name).IsConcurrencyToken());

        Assert.Contains("Hidden is a shadow property", Assert.Throws<NotSupportedException>(() => RowInsert.For<Odd>(shadow)).Message);
        Assert.Contains("Name has a value the database gives it", Assert.Throws<NotSupportedException>(() => RowInsert.For<Odd>(defaultSql)).Message);
        Assert.Contains("Name has a value the database gives it", Assert.Throws<NotSupportedException>(() => RowInsert.For<Odd>(defaultValue)).Message);
        Assert.Contains("Name is a concurrency token", Assert.Throws<NotSupportedException>(() => RowInsert.For<Odd>(token)).Message);
    }

    [Fact]
    public void A_column_named_like_a_keyword_is_quoted()
    {
        using var db = new OddContext(b => b.Entity<Odd>().Property(o => o.Name).HasColumnName("from"));

        Assert.Equal("(\"Id\", \"from\")", RowInsert.For<Odd>(db).Columns);
    }

    private sealed class Odd
    {
        public Guid Id { get; set; }
        public string Name { get; set; } = "";
    }

    private sealed class OddContext(Action<ModelBuilder> configure) : DbContext
    {
        protected override void OnConfiguring(DbContextOptionsBuilder options) =>
            // A model of its own for each configuration: EF caches a context type's model by type unless told otherwise.
            options.UseNpgsql("Host=unused").ReplaceService<Microsoft.EntityFrameworkCore.Infrastructure.IModelCacheKeyFactory, NoModelCache>();

        protected override void OnModelCreating(ModelBuilder modelBuilder) => configure(modelBuilder);
    }

    private sealed class NoModelCache : Microsoft.EntityFrameworkCore.Infrastructure.IModelCacheKeyFactory
    {
        public object Create(DbContext context, bool designTime) => new object();
    }
}
