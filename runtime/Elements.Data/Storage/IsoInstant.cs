using System.Globalization;

namespace Elements.Data.Storage;

/// <summary>
/// The text of a Datetime value: ISO-8601 UTC to the microsecond, without trailing zero fractions
/// (<c>2026-11-25T10:00:00Z</c>, <c>2026-11-25T10:00:00.12Z</c>). That layout is written and read by hand: every
/// Datetime written or filtered on passes through here, and a custom format string is parsed again on every call, as
/// is the layout of the text by the general parser.
/// </summary>
public static class IsoInstant
{
    /// <summary>Length of the longest text: <c>yyyy-MM-ddTHH:mm:ss.ffffffZ</c>.</summary>
    public const int MaxLength = 27;

    // "yyyy-MM-ddTHH:mm:ss", the runtime's sortable ("s") pattern, which it writes without reading a format.
    private const int SecondsLength = 19;

    /// <summary>
    /// The text of <paramref name="utc"/> (taken as UTC whatever its Kind), truncated to the microsecond, as
    /// <c>yyyy-MM-dd'T'HH:mm:ss.FFFFFF'Z'</c> would write it.
    /// </summary>
    public static string Format(DateTime utc)
    {
        Span<char> text = stackalloc char[MaxLength];
        return new string(text[..Format(utc, text)]);
    }

    /// <summary>Writes the text of <paramref name="utc"/> into <paramref name="destination"/> (at least
    /// <see cref="MaxLength"/> long) and returns its length.</summary>
    public static int Format(DateTime utc, Span<char> destination)
    {
        if (destination.Length < MaxLength || !utc.TryFormat(destination, out var written, "s", CultureInfo.InvariantCulture))
        {
            throw new ArgumentException($"the destination must hold {MaxLength} characters", nameof(destination));
        }

        var micros = (int)(utc.Ticks % TimeSpan.TicksPerSecond / 10);
        if (micros != 0)
        {
            var digits = 6;
            while (micros % 10 == 0)
            {
                micros /= 10;
                digits--;
            }

            destination[written++] = '.';
            for (var i = written + digits - 1; i >= written; i--)
            {
                destination[i] = (char)('0' + micros % 10);
                micros /= 10;
            }

            written += digits;
        }

        destination[written++] = 'Z';
        return written;
    }

    /// <summary>
    /// Reads an ISO-8601 date-time as UTC (text without an offset is UTC), truncated to the microsecond as PostgreSQL
    /// keeps it, so that both databases return the same value. The layout <see cref="Format"/> writes (with 1 to 7
    /// fraction digits) is read directly; any other layout goes to <see cref="DateTimeOffset.TryParse(string?, IFormatProvider?, DateTimeStyles, out DateTimeOffset)"/>.
    /// </summary>
    public static bool TryParse(string? text, out DateTime utc)
    {
        if (text is null)
        {
            utc = default;
            return false;
        }

        long ticks;
        if (TryParseUtc(text, out var exact))
        {
            ticks = exact.Ticks;
        }
        else if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var parsed))
        {
            ticks = parsed.UtcDateTime.Ticks;
        }
        else
        {
            utc = default;
            return false;
        }

        utc = new DateTime(ticks - ticks % 10, DateTimeKind.Utc);
        return true;
    }

    /// <summary><c>yyyy-MM-ddTHH:mm:ss[.f…]Z</c> with 1 to 7 fraction digits and in-range fields; false for anything
    /// else (including a leap second, which the general parser handles).</summary>
    private static bool TryParseUtc(ReadOnlySpan<char> s, out DateTime utc)
    {
        utc = default;
        if (s.Length < SecondsLength + 1 || s.Length > SecondsLength + 9 || s[^1] != 'Z'
            || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':'
            || !TryDigits(s[..4], out var year) || !TryDigits(s.Slice(5, 2), out var month) || !TryDigits(s.Slice(8, 2), out var day)
            || !TryDigits(s.Slice(11, 2), out var hour) || !TryDigits(s.Slice(14, 2), out var minute) || !TryDigits(s.Slice(17, 2), out var second))
        {
            return false;
        }

        var fractionTicks = 0;
        if (s.Length > SecondsLength + 1)
        {
            var fraction = s[(SecondsLength + 1)..^1];
            if (s[SecondsLength] != '.' || fraction.Length == 0 || !TryDigits(fraction, out fractionTicks))
            {
                return false;
            }

            for (var i = fraction.Length; i < 7; i++)
            {
                fractionTicks *= 10;
            }
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        utc = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).AddTicks(fractionTicks);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = value * 10 + (c - '0');
        }

        return true;
    }
}
