using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using Elements.Data.Filters;
using Elements.Data.Storage;

namespace Elements.Data.Tests.Support;

/// <summary>
/// One field's values written and read back every way a caller can: create, get by key, get, query, and the typed
/// get and query mapped onto <typeparamref name="TRow"/> (a class with a property per field, <c>Id</c> included).
/// Each read must give the written value, in JSON or as the field's CLR type.
/// </summary>
public static class RoundTrip<TRow>
{
    /// <param name="jsonText">The field's typed value is JSON text (JitDict, Address, lists): compared as JSON.</param>
    public static async Task AssertAsync(ModelStore store, string field, IReadOnlyList<string> literals, bool jsonText = false)
    {
        var ids = new List<long>();
        foreach (var literal in literals)
        {
            var expected = JsonNode.Parse(literal);
            var created = await store.CreateAsync(new JsonObject { [field] = expected?.DeepClone() });
            AssertSame(field, expected, created[field], "create", jsonText);
            var id = (long)created["id"]!;
            ids.Add(id);
            AssertSame(field, expected, (await store.GetByPKAsync(id))![field], "getByPK", jsonText);
            AssertSame(field, expected, (await store.GetAsync(Q.Eq("id", id)))![field], "get", jsonText);
            AssertSame(field, expected, Typed(field, await store.GetAsync<TRow>(Q.Eq("id", id))), "typed get", jsonText);
        }

        var query = await store.QueryAsync(orderList: [OrderBy.Asc("id")]);
        var typed = await store.QueryAsync<TRow>(orderList: [OrderBy.Asc("id")]);
        Assert.Equal(ids, typed.Select(r => (long)Typed("id", r)!));
        for (var i = 0; i < literals.Count; i++)
        {
            var expected = JsonNode.Parse(literals[i]);
            AssertSame(field, expected, query.RowDatas[i]![field], "query", jsonText);
            AssertSame(field, expected, Typed(field, typed[i]), "typed query", jsonText);
        }
    }

    private static object? Typed(string field, TRow? row)
    {
        Assert.NotNull(row);
        var property = typeof(TRow).GetProperty(field, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)!;
        return property.GetValue(row);
    }

    private static void AssertSame(string field, JsonNode? expected, object? actual, string path, bool jsonText)
    {
        var message = $"{field} via {path}: expected {expected?.ToJsonString() ?? "null"}, got {Describe(actual)}";
        switch (actual)
        {
            case null:
                Assert.True(expected is null, message);
                break;
            case JsonNode node when !jsonText && node.GetValueKind() == System.Text.Json.JsonValueKind.Number:
                Assert.True(expected!.GetValue<decimal>() == node.GetValue<decimal>(), message);
                break;
            case JsonNode node:
                Assert.True(JsonNode.DeepEquals(expected, node), message);
                break;
            case string s when jsonText:
                Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(s)), message);
                break;
            case string s:
                Assert.True(expected!.GetValue<string>() == s, message);
                break;
            case long l:
                Assert.True(expected!.GetValue<long>() == l, message);
                break;
            case decimal m:
                Assert.True(expected!.GetValue<decimal>() == m, message);
                break;
            case double d:
                Assert.True((double)expected!.GetValue<decimal>() == d, message);
                break;
            case DateTime t:
                Assert.True(t.Kind == DateTimeKind.Utc, message + " (not UTC)");
                Assert.True(DateTime.Parse(expected!.GetValue<string>(), CultureInfo.InvariantCulture,
                    DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal) == t, message);
                break;
            case DateOnly day:
                Assert.True(expected!.GetValue<string>() == day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), message);
                break;
            case TimeOnly time:
                Assert.True(expected!.GetValue<string>() == time.ToString("HH:mm:ss", CultureInfo.InvariantCulture), message);
                break;
            case bool b:
                Assert.True(expected!.GetValue<bool>() == b, message);
                break;
            default:
                Assert.Fail(message + $" ({actual.GetType().Name})");
                break;
        }
    }

    private static string Describe(object? value) => value switch
    {
        null => "null",
        JsonNode n => n.ToJsonString(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture) + " (" + value.GetType().Name + ")",
        _ => value.ToString() + " (" + value.GetType().Name + ")",
    };
}
