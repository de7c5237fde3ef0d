using Elements.Testing.Postgres;


namespace Elements.Host.Tests.Reliability;

/// <summary>One throwaway PostgreSQL server for the reliability tests on PostgreSQL; each test gets its own database.</summary>
[CollectionDefinition(Name)]
public sealed class ReliabilityPostgres : ICollectionFixture<PostgresServer>
{
    public const string Name = "reliability-postgres";
}
