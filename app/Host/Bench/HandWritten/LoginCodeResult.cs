namespace Elements.Host.Bench.HandWritten;

/// <summary>getLoginCode's answer, the host's JSON shape: <c>{loginCode, corpList, userId}</c>.</summary>
internal sealed record LoginCodeResult(string LoginCode, List<CorpEntry> CorpList, long UserId);
