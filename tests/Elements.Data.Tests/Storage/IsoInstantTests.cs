using System.Globalization;
using Elements.Data.Storage;

namespace Elements.Data.Tests.Storage;

/// <summary>
/// <see cref="IsoInstant"/> writes and reads Datetime text by hand; it must give exactly what the custom format
/// <c>yyyy-MM-dd'T'HH:mm:ss.FFFFFF'Z'</c> writes and what <see cref="DateTimeOffset.TryParse(string?, IFormatProvider?, DateTimeStyles, out DateTimeOffset)"/>
/// reads (then truncated to the microsecond), for any instant and any text.
/// </summary>
public sealed class IsoInstantTests
{
    private const string CustomFormat = "yyyy-MM-dd'T'HH:mm:ss.FFFFFF'Z'";

    [Fact]
    public void Format_of_random_instants_is_the_custom_formats()
    {
        var random = new Random(20261207);
        for (var i = 0; i < 100_000; i++)
        {
            var instant = RandomInstant(random);
            Assert.Equal(instant.ToString(CustomFormat, CultureInfo.InvariantCulture), IsoInstant.Format(instant));
        }
    }

    public static TheoryData<long> EdgeTicks => new()
    {
        0, 1, 9, 10, 11, 5_000_000, 1_000_000, 1_200_000, 1_234_560, 9_999_990, 9_999_999,
        DateTime.MaxValue.Ticks, DateTime.MaxValue.Ticks - 9, new DateTime(2026, 11, 25, 10, 0, 0).Ticks + 1_000,
    };

    [Theory]
    [MemberData(nameof(EdgeTicks))]
    public void Format_of_an_edge_instant_is_the_custom_formats_and_reads_back(long ticks)
    {
        var instant = new DateTime(ticks, DateTimeKind.Utc);
        var text = IsoInstant.Format(instant);

        Assert.Equal(instant.ToString(CustomFormat, CultureInfo.InvariantCulture), text);
        Assert.True(IsoInstant.TryParse(text, out var read));
        Assert.Equal(ticks - ticks % 10, read.Ticks);
        Assert.Equal(DateTimeKind.Utc, read.Kind);
    }

    [Fact]
    public void Random_instants_read_back_truncated_to_the_microsecond_as_the_general_parser_reads_them()
    {
        var random = new Random(7);
        for (var i = 0; i < 100_000; i++)
        {
            var instant = RandomInstant(random);
            var text = IsoInstant.Format(instant);
            Assert.True(IsoInstant.TryParse(text, out var read));
            Assert.Equal(instant.Ticks - instant.Ticks % 10, read.Ticks);
            Assert.Equal(GeneralParse(text), read);
        }
    }

    public static TheoryData<string> Texts => new()
    {
        // The written layout, with every fraction length the reader takes directly.
        "2026-11-25T10:00:00Z", "2026-11-25T10:00:00.1Z", "2026-11-25T10:00:00.12Z", "2026-11-25T10:00:00.123456Z",
        "2026-11-25T10:00:00.1234567Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.9999999Z", "2024-02-29T12:00:00Z",
        // Other layouts, left to the general parser.
        "2026-11-25T10:00:00.12345678Z", "2026-11-25T10:00:00+08:00", "2026-11-25T10:00:00.5-03:30", "2026-11-25T10:00:00",
        "2026-11-25 10:00:00", "2026-11-25", " 2026-11-25T10:00:00Z ", "2026-11-25T10:00:00z", "2026-11-25T10:00Z",
        "2016-12-31T23:59:60Z", "2026-11-25T10:00:00.Z", "2026-11-25T10:00:00,5Z",
        // Out of range or malformed: refused by both.
        "2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z", "2026-11-31T00:00:00Z", "2026-11-25T24:00:00Z",
        "2026-11-25T10:60:00Z", "2026-11-25T10:00:61Z", "0000-01-01T00:00:00Z", "2026-1a-25T10:00:00Z", "2026-11-25T10:00:00.1a3Z",
        "２０２６-11-25T10:00:00Z", "", "Z", "not a date", "2026-11-25X10:00:00Z",
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void A_text_reads_as_the_general_parser_reads_it(string text)
    {
        var expected = GeneralParse(text);

        var ok = IsoInstant.TryParse(text, out var read);

        Assert.Equal(expected is not null, ok);
        Assert.Equal(expected ?? default, read);
        Assert.Equal(ok ? DateTimeKind.Utc : DateTimeKind.Unspecified, read.Kind);
    }

    [Fact]
    public void Null_text_is_refused() => Assert.False(IsoInstant.TryParse(null, out _));

    [Fact]
    public void A_destination_shorter_than_the_longest_text_is_refused()
        => Assert.Throws<ArgumentException>(() => IsoInstant.Format(DateTime.UnixEpoch, new char[IsoInstant.MaxLength - 1]));

    // What TryParse did before it read its own layout directly.
    private static DateTime? GeneralParse(string text)
        => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var parsed)
            ? new DateTime(parsed.UtcDateTime.Ticks - parsed.UtcDateTime.Ticks % 10, DateTimeKind.Utc)
            : null;

    private static DateTime RandomInstant(Random random)
        => new(random.NextInt64(DateTime.MaxValue.Ticks + 1) switch
        {
            // A quarter on whole seconds and a quarter on whole microseconds, where the fraction's edges are.
            var t when random.Next(4) == 0 => t - t % TimeSpan.TicksPerSecond,
            var t when random.Next(3) == 0 => t - t % 10,
            var t => t,
        }, DateTimeKind.Utc);
}
