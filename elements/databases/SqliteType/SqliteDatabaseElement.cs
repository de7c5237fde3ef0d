using Elements.Activation;
using Elements.Data.Errors;
using Elements.Data.Storage;
using Elements.Scheduling.Store;
using Microsoft.Data.Sqlite;

namespace Elements.Std.Databases;

/// <summary><c>databases.SqliteType</c>: a SQLite file under the running app's folder (by default <c>appData/</c>).</summary>
[ElementType("databases.SqliteType", ConfigType = typeof(SqliteDatabaseConfig))]
public sealed class SqliteDatabaseElement(ElementContext context, SqliteDatabaseConfig config) : DatabaseElement(context)
{
    // The consuming app's root, not the declaring app's: databases.Default is declared once in elements.std, yet each
    // app must get a database file of its own.
    private readonly string _appRoot = context.App.RootPath;

    /// <summary>Absolute path of the database file (the folder is created on first use; the file when first opened).</summary>
    public string FilePath => ((SqliteDatabase)Database).DataSource;

    /// <summary>The same file, with the busy timeout the data layer uses: Quartz's writes wait for the app's instead of failing.</summary>
    internal override SchedulerStore SchedulerStore => new(SchedulerStore.Sqlite, new SqliteConnectionStringBuilder(
        string.IsNullOrWhiteSpace(config.ConnectionString) ? "" : config.ConnectionString)
    {
        DataSource = FilePath,
        Pooling = true,
        DefaultTimeout = 30,
    }.ConnectionString);

    protected override Database CreateDatabase()
    {
        if (string.IsNullOrWhiteSpace(config.ConnectionString))
        {
            return SqliteDatabase.FromPath(Resolve(config.Path!));
        }

        SqliteConnectionStringBuilder builder;
        try
        {
            builder = new SqliteConnectionStringBuilder(config.ConnectionString);
        }
        catch (ArgumentException)
        {
            // The builder's message may quote the string, which may hold a password.
            throw new DataException(DataErrorCodes.Database, $"the connectionString of '{FullName}' is malformed");
        }

        builder.DataSource = Resolve(builder.DataSource);
        return SqliteDatabase.FromConnectionString(builder.ConnectionString);
    }

    private string Resolve(string path) =>
        path is "" or ":memory:" || System.IO.Path.IsPathRooted(path) ? path : System.IO.Path.Combine(_appRoot, path);
}
