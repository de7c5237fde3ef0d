using Elements.Data.Errors;
using Elements.Data.Schema;
using Elements.Data.Storage;

namespace Elements.Data.Tests.Security;

/// <summary>Connection strings carry passwords; no error or description may repeat them.</summary>
public sealed class SecretHandlingTests
{
    private const string Secret = "s3cr3t-Pa55";

    [Fact]
    public void Malformed_postgres_connection_string_error_has_no_password()
    {
        var ex = Assert.Throws<DataException>(() => new PostgresDatabase($"Host=localhost;Password={Secret};NoSuchKeyword=1"));
        Assert.DoesNotContain(Secret, ex.ToString());
    }

    [Fact]
    public async Task Connection_failure_error_has_no_password()
    {
        await using var db = new PostgresDatabase($"Host=127.0.0.1;Port=1;Username=u;Password={Secret};Database=d;Timeout=2");
        Assert.DoesNotContain(Secret, db.ToString());
        var store = new ModelStore(db, ModelSchema.Parse("""{"table": "t", "fields": [{"name": "a", "dataType": "Stext"}]}"""));
        var ex = await Assert.ThrowsAsync<DataException>(() => store.CountAsync());
        Assert.Equal("DB_ERROR", ex.Code);
        Assert.DoesNotContain(Secret, ex.Message);
        Assert.DoesNotContain(Secret, ex.ToString());
    }
}
