using System.Globalization;

namespace Ucarp.Protocol;

/// <summary>
/// Durations as text for log lines and reports, computed from the TimeSpan's whole ticks: formatting
/// a double ("0.###") would pull the runtime's floating-point formatter and its tables into the
/// static binary for a handful of messages. Rounds half away from zero, as .NET's custom formats do.
/// </summary>
public static class DurationText
{
    /// <summary>Seconds with exactly <paramref name="decimals"/> digits after the point (0–7): "0.000".</summary>
    public static string Seconds(TimeSpan span, int decimals) => Format(span.Ticks, TimeSpan.TicksPerSecond, decimals, trim: false);

    /// <summary>Seconds with at most <paramref name="decimals"/> digits, trailing zeros dropped: "0.###".</summary>
    public static string SecondsUpTo(TimeSpan span, int decimals) => Format(span.Ticks, TimeSpan.TicksPerSecond, decimals, trim: true);

    /// <summary>Whole milliseconds, rounded: "0".</summary>
    public static string Milliseconds(TimeSpan span) => Format(span.Ticks, TimeSpan.TicksPerMillisecond, 0, trim: false);

    private static string Format(long ticks, long ticksPerUnit, int decimals, bool trim)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(decimals);
        long step = ticksPerUnit;
        long scale = 1;
        for (int i = 0; i < decimals; i++)
        {
            scale *= 10;
        }
        step /= scale;
        ArgumentOutOfRangeException.ThrowIfZero(step, nameof(decimals));

        ulong magnitude = ticks < 0 ? (ulong)-(ticks + 1) + 1 : (ulong)ticks;
        ulong rounded = (magnitude + (ulong)step / 2) / (ulong)step;
        ulong whole = rounded / (ulong)scale;
        ulong fraction = rounded % (ulong)scale;
        int digits = decimals;
        while (trim && digits > 0 && fraction % 10 == 0)
        {
            fraction /= 10;
            digits--;
        }
        string sign = ticks < 0 && rounded != 0 ? "-" : "";
        string wholeText = whole.ToString(CultureInfo.InvariantCulture);
        return digits == 0
            ? sign + wholeText
            : sign + wholeText + "." + fraction.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0');
    }
}
