using Elements.Std.Tests.Infrastructure;

namespace Elements.Std.Tests.ApiAuths;

public sealed class SqliteApiRequestVerifierTests() : ApiRequestVerifierTests(new SqliteAppDatabase());
