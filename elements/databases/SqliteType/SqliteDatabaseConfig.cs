using System.ComponentModel.DataAnnotations;
using Elements.Configuration;

namespace Elements.Std.Databases;

/// <summary>Config of <c>databases.SqliteType</c>: a file path or a full connection string (which wins when both are set).</summary>
public sealed class SqliteDatabaseConfig : IValidatableObject
{
    /// <summary>Database file; relative paths resolve against the root folder of the app being run.</summary>
    public string? Path { get; set; }

    /// <summary>A Microsoft.Data.Sqlite connection string; a relative Data Source resolves like <see cref="Path"/>.</summary>
    [Secret]
    public string? ConnectionString { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(Path) && string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult("a SQLite database needs 'path' or 'connectionString'", [nameof(Path)]);
        }
    }
}
