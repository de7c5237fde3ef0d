using Elements;
using Elements.Std.AccessTokens;
using Elements.WeChat.Tokens;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the database-backed WeChat access-token store.</summary>
public static class DatabaseAccessTokenStoreServiceCollectionExtensions
{
    /// <summary>
    /// Makes <see cref="DatabaseAccessTokenStore"/> the <see cref="IAccessTokenStore"/> (replacing any other, so the call
    /// may come before or after <c>AddWeChatClient</c>). It stores through the model element
    /// <paramref name="modelName"/> of the app's <see cref="ElementApp"/>, i.e. in that model's database: on PostgreSQL
    /// every process sharing the database shares tokens and the refresh lease.
    /// </summary>
    public static IServiceCollection AddDatabaseAccessTokenStore(this IServiceCollection services,
        string modelName = DatabaseAccessTokenStore.DefaultModelName)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelName);
        services.TryAddSingleton(TimeProvider.System);
        services.RemoveAll<IAccessTokenStore>();
        services.AddSingleton<IAccessTokenStore>(sp =>
            new DatabaseAccessTokenStore(sp.GetRequiredService<ElementApp>(), sp.GetRequiredService<TimeProvider>(), modelName));
        return services;
    }
}
