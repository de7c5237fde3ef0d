using Elements.Data.Storage;

namespace Elements.Data.Tests.Support;

/// <summary>Creates a fresh, empty database for one test and removes it afterwards.</summary>
public interface IDatabaseProvider
{
    Task<Database> CreateAsync();

    Task CleanupAsync();
}
