using System.ComponentModel.DataAnnotations;
using Elements.Configuration;

namespace Elements.Std.Databases;

/// <summary>Config of <c>databases.PostgresType</c>.</summary>
public sealed class PostgresDatabaseConfig
{
    /// <summary>An Npgsql connection string; it carries a password, so it is redacted wherever config is shown.</summary>
    [Secret]
    [Required(ErrorMessage = "a PostgreSQL database needs 'connectionString'")]
    public string ConnectionString { get; set; } = "";
}
