using Elements.Diagnostics;
using Elements.Std.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Elements.Std.Tests.Events;

/// <summary>A malformed event e.json fails the load with a diagnostic at the offending key's file(line,col).</summary>
public sealed class EventLoadTests
{
    [Theory]
    [InlineData("operate", "\"AddLater\"", 3, "operate 'AddLater' is not one of")]
    [InlineData("filter", "\"Q(status=\"", 3, "filter is not a valid Q expression")]
    [InlineData("funcType", "\"Outer\"", 3, "funcType 'Outer' is not Global or Inner")]
    [InlineData("func", "\"sendMail\"", 3, "func 'sendMail' is not an element function name")]
    public void A_bad_key_is_a_load_error_at_its_line(string key, string value, int line, string message)
    {
        using var folder = AppFolder.Create();
        var values = new Dictionary<string, string>
        {
            ["operate"] = "\"AddAfter\"", ["filter"] = "\"Q(status='a')\"", ["funcType"] = "\"Global\"", ["func"] = "\"services.Mail.send\"",
        };
        values[key] = value;
        folder.WriteElement("events.Broken", $$"""
            {"type": "events.ModelType", "title": "Broken",
             "sender": "models.Todo",
             "{{key}}": {{values[key]}},
             {{string.Join(", ", values.Where(p => p.Key != key).Select(p => $"\"{p.Key}\": {p.Value}"))}}}
            """);

        var ex = Assert.Throws<ElementLoadException>(folder.Load);

        var diagnostic = Assert.Single(ex.Diagnostics);
        Assert.Equal(DiagnosticCodes.InvalidConfig, diagnostic.Code);
        Assert.Equal("events/Broken/e.json", diagnostic.Path.Replace('\\', '/')[^"events/Broken/e.json".Length..]);
        Assert.Equal(line, diagnostic.Line);
        Assert.True(diagnostic.Column > 1);
        Assert.Contains(message, diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_asynchronous_before_event_is_a_load_error()
    {
        using var folder = AppFolder.Create();
        folder.WriteElement("events.Broken", """{"type": "events.ModelType", "title": "Broken", "sender": "models.Todo", "operate": "AddBefore", "func": "services.Mail.send", "asyncType": true}""");

        var ex = Assert.Throws<ElementLoadException>(folder.Load);

        Assert.Contains("cannot be asynchronous", Assert.Single(ex.Diagnostics).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sender", "models.Todoo", "'models.Todoo' is not an element; did you mean 'models.Todo'?")]
    [InlineData("sender", "roles.Admin", "'roles.Admin' is not a models.Meta element")]
    [InlineData("func", "models.Todo.sendMail", "'models.Todo' has no function 'sendMail'")]
    [InlineData("func", "services.Mailer.send", "'services.Mailer' is not an element")]
    public void A_name_of_a_missing_element_or_function_is_a_load_error_at_its_line(string key, string value, string message)
    {
        using var folder = AppFolder.Create();
        folder.WriteElement("models.Todo", """{"title": "Todo", "type": "models.NormalType", "fields": [{"name": "title", "dataType": "Stext"}]}""");
        var values = new Dictionary<string, string> { ["sender"] = "models.Todo", ["func"] = "models.Todo.create" };
        values[key] = value;
        folder.WriteElement("events.Broken", $$"""
            {"type": "events.ModelType", "title": "Broken", "operate": "AddAfter",
             "{{key}}": "{{values[key]}}",
             {{string.Join(", ", values.Where(p => p.Key != key).Select(p => $"\"{p.Key}\": \"{p.Value}\""))}}}
            """);

        var ex = Assert.Throws<ElementLoadException>(folder.Load);

        var diagnostic = Assert.Single(ex.Diagnostics);
        Assert.Equal(DiagnosticCodes.UnknownReference, diagnostic.Code);
        Assert.Equal(2, diagnostic.Line);
        Assert.Contains(message, diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_inner_event_with_its_own_class_is_checked_when_the_app_loads()
    {
        using var folder = AppFolder.Create();
        folder.WriteElement("models.Todo", """{"title": "Todo", "type": "models.NormalType", "fields": [{"name": "title", "dataType": "Stext"}]}""");
        folder.WriteElement("events.Guard", """
            {"type": "events.ModelType", "title": "Guard", "funcType": "Inner",
             "sender": "models.Todo", "operate": "AddSoon"}
            """);
        File.WriteAllText(System.IO.Path.Combine(folder.Path, "events", "Guard", "Guard.cs"), """
            using System.Text.Json.Nodes;
            using Elements.Activation;
            using Elements.Std.Events;
            namespace EventLoadApp;
            [ElementType("events.Guard", ConfigType = typeof(ModelEventConfig))]
            public sealed class Guard(ElementContext c, ModelEventConfig cfg) : ModelEventElement(c, cfg)
            {
                public void CustomFunc(JsonObject eventOutData) { }
            }
            """);

        var ex = Assert.Throws<ElementLoadException>(() => ElementApp.Load(folder.Path, b => b.AddStdElements().AddCompiledElementCode()));

        var diagnostic = Assert.Single(ex.Diagnostics);
        Assert.Equal(DiagnosticCodes.InvalidConfig, diagnostic.Code);
        Assert.Equal(2, diagnostic.Line);
        Assert.Contains("operate 'AddSoon' is not one of", diagnostic.Message, StringComparison.Ordinal);
    }
}
