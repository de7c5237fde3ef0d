using System.Text;
using System.Text.Json;
using Elements.Diagnostics;

namespace Elements.Runtime.Tests;

/// <summary>The one line/column counter behind parser errors, invalid text and indexed JSON paths.</summary>
public sealed class JsonPositionTrackerTests
{
    // "标题" is two characters of three bytes each: columns after it count 2, not 6.
    private static readonly byte[] Json = Encoding.UTF8.GetBytes("{\n  \"标题\": 1,\n  \"b\": [true, x]\n}");

    [Fact]
    public void Offsets_in_file_order_and_backwards_give_lines_and_character_columns()
    {
        var tracker = new JsonPositionTracker(Json);
        var afterTitle = Array.IndexOf(Json, (byte)'1');
        var x = Array.IndexOf(Json, (byte)'x');

        Assert.Equal((1, 1), tracker.At(0));
        Assert.Equal((2, 9), tracker.At(afterTitle));
        Assert.Equal((3, 15), tracker.At(x));
        Assert.Equal((2, 9), tracker.At(afterTitle));
        Assert.Equal((4, 2), tracker.At(Json.Length + 10));
    }

    [Fact]
    public void Parser_error_and_indexed_path_agree_with_the_tracker()
    {
        var exception = Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(Json));
        var x = Array.IndexOf(Json, (byte)'x');

        Assert.Equal((3, 15), JsonLocator.FromException(Json, exception));
        Assert.Equal((3, 15), JsonLocator.ToLineColumn(Json, x));
        Assert.Equal((3, 9), JsonPositions.Build(Json).Find(["b", 0]));
        Assert.Equal((2, 3), JsonPositions.Build(Json).Find(["标题"], propertyName: true));
    }
}
