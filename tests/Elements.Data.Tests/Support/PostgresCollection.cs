using Elements.Testing.Postgres;


namespace Elements.Data.Tests.Support;

/// <summary>One PostgreSQL server for every PostgreSQL test class; each test gets its own database.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
