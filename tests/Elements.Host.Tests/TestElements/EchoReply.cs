namespace Elements.Host.Tests.TestElements;

public sealed record EchoReply(string Text, int Length);
