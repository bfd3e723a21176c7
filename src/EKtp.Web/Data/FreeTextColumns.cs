using EKtp.Web.Domain;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace EKtp.Web.Data;

public static class FreeTextColumns
{
    /// <summary>
    /// A column of free text: limited to <paramref name="maxLength"/>, and passed through <see cref="FreeText.Clean"/>
    /// on every write (SaveChanges and ExecuteUpdate alike), so no use case can forget to mask a NIK typed into it.
    /// </summary>
    public static PropertyBuilder<T> IsFreeText<T>(this PropertyBuilder<T> property, int maxLength)
    {
        property.HasMaxLength(maxLength)
            .HasConversion(new ValueConverter<string, string>(v => FreeText.Clean(v, maxLength), v => v));
        return property;
    }
}
