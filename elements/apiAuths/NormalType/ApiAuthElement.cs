using System.Text.Json.Nodes;
using Elements.Activation;
using Elements.Definitions;

namespace Elements.Std.ApiAuths;

/// <summary>
/// <c>apiAuths.NormalType</c>: an API authorization, i.e. one machine client with an access key, a secret and the list
/// of functions it may call. Requests are verified by <see cref="ApiRequestVerifier"/>, which reads every instance of
/// <c>apiAuths.Meta</c> from the app's definitions; this class serves the instance's own functions.
/// </summary>
[ElementType("apiAuths.NormalType", ConfigType = typeof(ApiAuthConfig))]
public sealed class ApiAuthElement
{
    private readonly ElementContext _context;
    private readonly ApiAuthConfig _config;

    public ApiAuthElement(ElementContext context, ApiAuthConfig config)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(config);
        _context = context;
        _config = config;
        Client = new ApiClient(context.FullName, config.AccessKey, [.. config.Apis]);
    }

    public string FullName => _context.FullName;

    /// <summary>The client as the verifier hands it out (no secret).</summary>
    public ApiClient Client { get; }

    public string? Remark => _config.Remark;

    /// <summary>
    /// <c>getDetails()</c> → <c>[{title, fullName, functionList: [{name, title}]}]</c>: the functions the <c>apis</c>
    /// list grants, resolved against the app's elements as they are now. Only what is reachable over HTTP is listed
    /// (Instances, not internal), in full-name order; an entry that matches nothing lists nothing.
    /// </summary>
    public JsonArray GetDetails()
    {
        var details = new JsonArray();
        foreach (var definition in _context.App.Elements)
        {
            if (definition.Layer != ElementLayer.Instance || definition.IsInternal)
            {
                continue;
            }

            var functions = new JsonArray();
            foreach (var function in definition.Functions)
            {
                if (Client.Allows(definition.FullName, function.Name))
                {
                    functions.Add(new JsonObject { ["name"] = function.Name, ["title"] = function.Title ?? function.Name });
                }
            }

            if (functions.Count > 0)
            {
                details.Add(new JsonObject
                {
                    ["title"] = definition.Title,
                    ["fullName"] = definition.FullName,
                    ["functionList"] = functions,
                });
            }
        }

        return details;
    }

    public override string ToString() => $"{FullName} (API authorization, access key {_config.AccessKey})";
}
