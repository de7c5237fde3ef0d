using System.Text.Json.Nodes;
using Elements.Invocation;
using Elements.Runtime.Tests.Support;

namespace Elements.Runtime.Tests;

public sealed class InvokerTests : IDisposable
{
    private readonly ElementApp _app = TestApps.LoadShop();

    public void Dispose() => _app.Dispose();

    private async Task<ElementException> Fails(string element, string function, string? args)
    {
        return await Assert.ThrowsAsync<ElementException>(() =>
            _app.InvokeAsync(element, function, args is null ? null : JsonNode.Parse(args)!.AsObject()));
    }

    [Fact]
    public async Task Binds_arguments_by_name_case_insensitively()
    {
        Assert.Equal(5, (await _app.InvokeAsync("services.Calc", "add", new() { ["B"] = 3, ["a"] = 2 }))!.GetValue<int>());
    }

    [Fact]
    public async Task Serializes_results_as_camel_case()
    {
        var result = await _app.InvokeAsync("services.Calc", "describe", JsonNode.Parse("""{"order":{"id":1,"items":["x"]}}""")!.AsObject());
        Assert.Equal("""{"orderId":1,"itemCount":1,"firstItem":"x"}""", result!.ToJsonString());
    }

    [Fact]
    public async Task Awaits_task_results_and_passes_the_cancellation_token()
    {
        Assert.Equal("later, ann", (await _app.InvokeAsync("services.Calc", "greetLater", new() { ["name"] = "ann" }))!.GetValue<string>());
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            _app.InvokeAsync("services.Calc", "greetLater", new() { ["name"] = "ann" }, cancelled.Token));
    }

    [Fact]
    public async Task An_ElementCaller_parameter_receives_the_caller_of_the_call()
    {
        var caller = new Elements.Security.ElementCaller(42, ["roles.Authenticated"], _ => false);
        using var cts = new CancellationTokenSource();

        var asUser = await _app.Invoker.InvokeAsync("services.Calc", "whoCalls", new() { ["greeting"] = "hi" }, caller, cts.Token);
        var trusted = await _app.InvokeAsync("services.Calc", "whoCalls", new() { ["greeting"] = "hi" });

        Assert.Equal("hi, user 42 [roles.Authenticated] (cancellable)", asUser!.GetValue<string>());
        Assert.Equal("hi, trusted", trusted!.GetValue<string>());
    }

    [Theory]
    [InlineData("caller")]
    [InlineData("Caller")]
    [InlineData("cancellationToken")]
    public async Task No_json_argument_can_name_a_parameter_the_invoker_fills(string name)
    {
        var caller = new Elements.Security.ElementCaller(42, ["roles.Authenticated"], _ => false);
        var args = new JsonObject { ["greeting"] = "hi", [name] = JsonNode.Parse("""{"userId": 1, "roles": ["roles.Admin"]}""") };

        var ex = await Assert.ThrowsAsync<ElementException>(() => _app.Invoker.InvokeAsync("services.Calc", "whoCalls", args, caller));

        Assert.Equal("EL_UNDECLARED_ARG", ex.Code);
        Assert.Equal($"function 'whoCalls' of 'services.Calc' has no argument '{name}'; arguments: greeting", ex.Message);
    }

    [Fact]
    public async Task A_declared_required_argument_must_be_named_and_declared_options_bound_its_value()
    {
        Assert.Equal(3.0, (await _app.InvokeAsync("services.Calc", "round", new() { ["value"] = 2.5, ["mode"] = "up" }))!.GetValue<double>());
        Assert.Equal(2.0, (await _app.InvokeAsync("services.Calc", "round", new() { ["value"] = 2.5, ["mode"] = "down" }))!.GetValue<double>());

        var missing = await Fails("services.Calc", "round", """{"value": 2.5}""");
        Assert.Equal("EL_MISSING_ARG", missing.Code);
        Assert.Equal("function 'round' of 'services.Calc' requires argument 'mode'", missing.Message);
        var outside = await Fails("services.Calc", "round", """{"value": 2.5, "mode": "sideways"}""");
        Assert.Equal("EL_INVALID_ARG", outside.Code);
        Assert.Equal("argument 'mode' of function 'round' of 'services.Calc' must be one of: up, down", outside.Message);
        // A label is not a value.
        Assert.Equal("EL_INVALID_ARG", (await Fails("services.Calc", "round", """{"value": 2.5, "mode": "Down"}""")).Code);
    }

    [Fact]
    public void Required_arguments_are_the_declared_ones_and_the_parameters_without_a_default()
    {
        var define = _app.GetElementDefine("services.Calc");
        var type = _app.GetElement("services.Calc").GetType();
        Assert.Equal(["mode", "value"], ElementInvoker.GetRequiredArguments(type, define.Functions.Single(f => f.Name == "round")).Order());
        Assert.Equal(["a", "b"], ElementInvoker.GetRequiredArguments(type, define.Functions.Single(f => f.Name == "add")).Order());
        // The invoker fills the caller and the token: a JSON caller never names them.
        Assert.Equal(["greeting"], ElementInvoker.GetRequiredArguments(type, define.Functions.Single(f => f.Name == "whoCalls")));
        // Without a class, the declaration alone.
        Assert.Equal(["mode"], ElementInvoker.GetRequiredArguments(null, define.Functions.Single(f => f.Name == "round")));
        var round = define.Functions.Single(f => f.Name == "round");
        Assert.Equal(["CALC_REFUSED"], round.Errors!);
        Assert.Equal(["up", "down"], round.Args.Single(a => a.Name == "mode").Options!);
    }

    [Fact]
    public async Task Plain_task_and_void_return_null()
    {
        Assert.Null(await _app.InvokeAsync("services.Calc", "reset", null));
        Assert.False((await _app.InvokeAsync("auths.loginTypes.MyWechatLogin", "isWechatBrowser", null))!.GetValue<bool>());
    }

    [Fact]
    public async Task Async_suffix_methods_implement_functions()
    {
        var result = await _app.InvokeAsync("auths.loginTypes.MyWechatLogin.services.WechatPublicAuthSvc", "getAccessToken", new() { ["code"] = "z" });
        Assert.Equal("""{"access_token":"token-z","expires_in":7200}""", result!.ToJsonString());
    }

    [Fact]
    public async Task Missing_argument()
    {
        var ex = await Fails("services.Calc", "add", """{"a": 1}""");
        Assert.Equal("EL_MISSING_ARG", ex.Code);
        Assert.Equal("function 'add' of 'services.Calc' requires argument 'b'", ex.Message);
    }

    [Fact]
    public async Task Undeclared_argument()
    {
        var ex = await Fails("services.Calc", "add", """{"a": 1, "b": 2, "c": 3}""");
        Assert.Equal("EL_UNDECLARED_ARG", ex.Code);
        Assert.Equal("function 'add' of 'services.Calc' has no argument 'c'; arguments: a, b", ex.Message);
    }

    [Fact]
    public async Task Argument_of_the_wrong_kind()
    {
        var ex = await Fails("services.Calc", "add", """{"a": "one", "b": 2}""");
        Assert.Equal("EL_INVALID_ARG", ex.Code);
        Assert.Equal("argument 'a' of function 'add' of 'services.Calc' is not a valid Int32", ex.Message);

        var nullValue = await Fails("services.Calc", "add", """{"a": null, "b": 2}""");
        Assert.Equal("argument 'a' of function 'add' of 'services.Calc' cannot be null", nullValue.Message);
    }

    [Fact]
    public async Task A_string_argument_is_bound_as_sent_and_any_other_json_kind_is_refused()
    {
        Assert.Equal("héllo \"you\", trusted", (await _app.InvokeAsync("services.Calc", "whoCalls", new() { ["greeting"] = "héllo \"you\"" }))!.GetValue<string>());
        Assert.Equal(", trusted", (await _app.InvokeAsync("services.Calc", "whoCalls", new() { ["greeting"] = "" }))!.GetValue<string>());
        Assert.Equal(", trusted", (await _app.InvokeAsync("services.Calc", "whoCalls", JsonNode.Parse("""{"greeting": null}""")!.AsObject()))!.GetValue<string>());

        foreach (var notText in new[] { "1", "true", "[]", """{"a": "b"}""" })
        {
            var ex = await Fails("services.Calc", "whoCalls", $$"""{"greeting": {{notText}}}""");
            Assert.Equal("EL_INVALID_ARG", ex.Code);
            Assert.Equal("argument 'greeting' of function 'whoCalls' of 'services.Calc' is not a valid String", ex.Message);
        }
    }

    [Fact]
    public async Task Unknown_function_and_element()
    {
        var function = await Fails("services.Calc", "mul", null);
        Assert.Equal("EL_UNKNOWN_FUNCTION", function.Code);
        var element = await Fails("services.Calcc", "add", null);
        Assert.Equal("EL_UNKNOWN_ELEMENT", element.Code);
    }

    [Fact]
    public async Task Element_exceptions_pass_through_and_others_are_wrapped()
    {
        var own = await Fails("services.Calc", "fail", null);
        Assert.Equal("CALC_REFUSED", own.Code);

        var wrapped = await Fails("services.Calc", "divide", """{"a": 1, "b": 0}""");
        Assert.Equal("EL_FUNCTION_FAILED", wrapped.Code);
        Assert.Equal("function 'divide' of 'services.Calc' failed: cannot divide by zero", wrapped.Message);
        Assert.IsType<DivideByZeroException>(wrapped.InnerException);
    }

    [Fact]
    public void Host_can_read_the_function_contract_before_calling()
    {
        Assert.False(_app.Invoker.GetFunction("auths.loginTypes.MyWechatLogin", "login").LoginRequired);
        Assert.True(_app.Invoker.GetFunction("auths.loginTypes.MyWechatLogin", "isWechatBrowser").LoginRequired);
        Assert.Equal("EL_UNKNOWN_FUNCTION", Assert.Throws<ElementException>(() => _app.Invoker.GetFunction("services.Calc", "x")).Code);
    }
}
