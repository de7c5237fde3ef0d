using Elements.Std.Tests.Support;

namespace Elements.Std.Tests.ApiAuths;

public sealed class SqliteApiRequestVerifierTests() : ApiRequestVerifierTests(new SqliteAppDatabase());
