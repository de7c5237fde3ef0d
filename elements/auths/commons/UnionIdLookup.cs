using Elements.Definitions;
using Microsoft.Extensions.Logging;

namespace Elements.Std.Auths;

/// <summary>
/// Finds the user of a WeChat unionid across login types: asks every login instance of the app whose class implements
/// <see cref="IUnionIdResolver"/> (another mini program of the same open platform, an official account...). The
/// instances are read from the current registry snapshot on every call, so hot reload and new instances count.
/// </summary>
public sealed partial class UnionIdLookup(ElementApp app, ILogger<UnionIdLookup> logger)
{
    /// <summary>The user bound to <paramref name="unionId"/> through any login instance of the app, or null.</summary>
    public async Task<long?> FindUserIdAsync(string? unionId, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(unionId))
        {
            return null;
        }

        var asked = new HashSet<Type>();
        foreach (var definition in app.FindElements("." + AccountModels.LoginTypesMeta))
        {
            if (definition.Layer != ElementLayer.Instance || definition.ImplementationType is null
                || !typeof(IUnionIdResolver).IsAssignableFrom(definition.ImplementationType))
            {
                continue;
            }

            IUnionIdResolver resolver;
            try
            {
                resolver = (IUnionIdResolver)app.GetElement(definition.FullName);
            }
            catch (ElementException ex)
            {
                LogUnavailable(logger, definition.FullName, ex.Code);
                continue;
            }

            if (resolver is IUnionIdSharedTable && !asked.Add(resolver.GetType()))
            {
                // Instances of one type sharing one table answer alike: ask once.
                continue;
            }

            if (await resolver.FindUserIdByUnionIdAsync(unionId, cancellationToken).ConfigureAwait(false) is { } userId)
            {
                return userId;
            }
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Login element {Element} could not be activated for a unionid lookup: {Code}")]
    private static partial void LogUnavailable(ILogger logger, string element, string code);
}
