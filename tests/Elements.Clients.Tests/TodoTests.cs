using System.Text.Json.Nodes;
using Elements.Client;
using Elements.Client.Models;
using Elements.Clients.Tests.Support;
using Microsoft.Kiota.Abstractions.Serialization;

namespace Elements.Clients.Tests;

/// <summary>
/// <c>models.Todo</c> through the generated client: the sample app's <c>roles.TodoUsers</c> opens it to every session,
/// and its <c>ownerField</c> keeps each user to its own rows.
/// </summary>
public sealed class TodoTests
{
    [Fact]
    public async Task A_fresh_user_creates_todos_and_queries_its_own_with_a_filter()
    {
        await using var host = await SampleAppHost.StartAsync();
        var (adaId, adaToken) = await Logins.PasswordAsync(host.Client(), "ada", "correct horse battery");
        var (_, bobToken) = await Logins.MiniProgramAsync(host.Client(), host.Sandbox, "bob");
        var ada = host.Client(adaToken);
        var bob = host.Client(bobToken);

        var milk = await CreateAsync(ada, "buy milk");
        await CreateAsync(ada, "walk the dog");
        await CreateAsync(bob, "buy bread");
        Assert.Equal(adaId, (long)milk["userId"]!);

        var result = await ResultJson.ReadAsync(await ada.Api.Demo.SampleApp.Models.Todo.Query.PostAsync(new()
        {
            Filter = "Q(title__startswith='buy')",
            FieldList = new UntypedArray([new UntypedString("id"), new UntypedString("title"), new UntypedString("userId")]),
        }));

        // Ada's one matching todo: not her other one (the filter), not Bob's (the owner condition).
        Assert.Equal(1, (int)result["totalCount"]!);
        var row = Assert.Single(result["rowDatas"]!.AsArray())!;
        Assert.Equal("buy milk", (string?)row["title"]);
        Assert.Equal((long)milk["id"]!, (long)row["id"]!);
    }

    [Fact]
    public async Task Without_a_session_the_query_is_refused_with_a_ProblemDetails()
    {
        await using var host = await SampleAppHost.StartAsync();

        var problem = await Assert.ThrowsAsync<ProblemDetails>(() =>
            host.Client().Api.Demo.SampleApp.Models.Todo.Query.PostAsync(new() { Filter = "" }));

        Assert.Equal(401, problem.ResponseStatusCode);
        Assert.Equal(401, problem.Status);
        Assert.False(string.IsNullOrEmpty(problem.Code));
    }

    private static async Task<JsonObject> CreateAsync(ElementsApiClient client, string title) =>
        await ResultJson.ReadAsync(await client.Api.Demo.SampleApp.Models.Todo.Create.PostAsync(new()
        {
            RowData = new() { AdditionalData = { ["title"] = title } },
        }));
}
