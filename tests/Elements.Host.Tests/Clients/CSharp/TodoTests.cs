using Elements.Client;
using Elements.Client.Models;
using Elements.Client.Models.Models;
using Elements.Host.Tests.Support;
using Microsoft.Kiota.Abstractions.Serialization;

namespace Elements.Host.Tests.Clients.CSharp;

/// <summary>
/// <c>models.Todo</c> through the generated client: the sample app's <c>roles.TodoUsers</c> opens it to every session,
/// and its <c>ownerField</c> keeps each user to its own rows.
/// </summary>
public sealed class TodoTests
{
    [Fact]
    public async Task A_fresh_user_creates_todos_and_queries_its_own_with_a_filter()
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync();
        var (adaId, adaToken) = await Logins.PasswordAsync(host.Client(), "ada", "correct horse battery");
        var (_, bobToken) = await Logins.MiniProgramAsync(host.Client(), host.Sandbox, "bob");
        var ada = host.Client(adaToken);
        var bob = host.Client(bobToken);

        var milk = await CreateAsync(ada, "buy milk");
        await CreateAsync(ada, "walk the dog");
        await CreateAsync(bob, "buy bread");
        // Rows are typed from the model's fields: the owner the host filled in, the key it generated.
        Assert.Equal(adaId, milk.UserId);
        Assert.NotNull(milk.Id);
        Assert.False(milk.Done);

        var result = await ada.Api.Demo.SampleApp.Models.Todo.Query.PostAsync(new()
        {
            Filter = "Q(title__startswith='buy')",
            FieldList = new UntypedArray([new UntypedString("id"), new UntypedString("title"), new UntypedString("userId")]),
        });

        // Ada's one matching todo: not her other one (the filter), not Bob's (the owner condition).
        Assert.Equal(1, result!.TotalCount);
        var row = Assert.Single(result.RowDatas!);
        Assert.Equal("buy milk", row.Title);
        Assert.Equal(milk.Id, row.Id);
        Assert.Null(row.Done);
    }

    [Fact]
    public async Task Without_a_session_the_query_is_refused_with_a_ProblemDetails()
    {
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync();

        var problem = await Assert.ThrowsAnyAsync<ProblemDetails>(() =>
            host.Client().Api.Demo.SampleApp.Models.Todo.Query.PostAsync(new() { Filter = "" }));

        Assert.Equal(401, problem.ResponseStatusCode);
        Assert.Equal(401, problem.Status);
        Assert.False(string.IsNullOrEmpty(problem.Code));
    }

    private static async Task<Todo> CreateAsync(ElementsApiClient client, string title) =>
        (await client.Api.Demo.SampleApp.Models.Todo.Create.PostAsync(new() { RowData = new() { Title = title } }))!;
}
