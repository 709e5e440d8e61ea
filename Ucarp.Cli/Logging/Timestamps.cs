namespace Ucarp.Cli.Logging;

/// <summary>
/// ISO 8601 / RFC 3339 stamps, written digit by digit: DateTime's own formatting brings its time-zone
/// engine along even for a UTC time or a fixed offset.
/// </summary>
internal static class Timestamps
{
    /// <summary><c>2026-11-27T08:55:36.123456</c>, then <paramref name="suffix"/>.</summary>
    public static string DateAndTime(DateTime clock, string suffix = "")
    {
        Span<char> text = stackalloc char[26];
        Digits(text[..4], clock.Year);
        text[4] = '-';
        Digits(text[5..7], clock.Month);
        text[7] = '-';
        Digits(text[8..10], clock.Day);
        text[10] = 'T';
        TimeOfDay(text[11..], clock, fractionDigits: 6);
        return string.Concat(text, suffix);
    }

    /// <summary><c>08:55:36.123</c>.</summary>
    public static string TimeOfDayMilliseconds(DateTime clock)
    {
        Span<char> text = stackalloc char[12];
        TimeOfDay(text, clock, fractionDigits: 3);
        return new string(text);
    }

    /// <summary>UTC, RFC 3339 with microseconds (<c>2026-11-27T08:55:36.123456Z</c>).</summary>
    public static string Rfc3339Utc(DateTime utc) => DateAndTime(utc, "Z");

    // HH:mm:ss.f… with 3 or 6 fraction digits.
    private static void TimeOfDay(Span<char> text, DateTime clock, int fractionDigits)
    {
        Digits(text[..2], clock.Hour);
        text[2] = ':';
        Digits(text[3..5], clock.Minute);
        text[5] = ':';
        Digits(text[6..8], clock.Second);
        text[8] = '.';
        long micros = clock.Ticks % TimeSpan.TicksPerSecond / 10;
        Digits(text.Slice(9, fractionDigits), fractionDigits == 6 ? micros : micros / 1000);
    }

    // The last text.Length decimal digits of value, zero-padded.
    private static void Digits(Span<char> text, long value)
    {
        for (int i = text.Length - 1; i >= 0; i--)
        {
            text[i] = (char)('0' + value % 10);
            value /= 10;
        }
    }
}
