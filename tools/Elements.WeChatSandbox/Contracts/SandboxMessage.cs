using System.Text.Json.Nodes;

namespace Elements.WeChatSandbox.Contracts;

/// <summary>A delivered customer-service message; <see cref="Body"/> is the request body as sent.</summary>
public sealed record SandboxMessage(string AppId, string ToUser, string UserId, string MsgType, string? KfAccount, JsonObject Body, DateTimeOffset SentAt);
