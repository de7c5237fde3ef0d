using System.Security.Cryptography;
using Elements.WeChatSandbox.Server;

namespace Elements.WeChatSandbox.Hosting;

/// <summary>The secrets the sandbox's apps get and the placeholders that name them.</summary>
internal static class SandboxSecrets
{
    /// <summary>Demo apps need secrets the elements and the sandbox agree on, but none is committed: a fresh random
    /// one per start for each app configured without (or the value of its variable in the process environment).</summary>
    public static void Assign(WeChatSandboxOptions sandbox, WeChatSandboxHostOptions host)
    {
        foreach (var app in sandbox.Apps.Where(a => string.IsNullOrEmpty(a.Secret)))
        {
            var fromEnvironment = host.SandboxSecretVariables
                .Where(v => v.Value == app.AppId)
                .Select(v => Environment.GetEnvironmentVariable(v.Key))
                .FirstOrDefault(value => !string.IsNullOrEmpty(value));
            app.Secret = fromEnvironment ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        }
    }

    /// <summary>The element environment with <see cref="WeChatSandboxHostOptions.SandboxSecretVariables"/> answered
    /// first. This is the only way a sandbox secret reaches an element: through a placeholder its config names.</summary>
    public static Func<string, string?> PlaceholdersFirst(Func<string, string?> environment, WeChatSandboxOptions sandbox, WeChatSandboxHostOptions host) =>
        name => host.SandboxSecretVariables.TryGetValue(name, out var appId)
            && sandbox.Apps.FirstOrDefault(a => a.AppId == appId) is { } app
                ? app.Secret
                : environment(name);
}
