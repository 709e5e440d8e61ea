namespace Ucarp.Cli.CommandLine;

/// <summary>
/// Seconds as typed on the command line: digits with at most one point ("1", "0.5", ".25", "2."), no
/// sign, no blanks — what decimal.TryParse with AllowDecimalPoint accepts, without the runtime's
/// decimal parser in the static binary. Digits below a tick (100 ns) are kept only as "a little more".
/// </summary>
internal static class DecimalSeconds
{
    // Whole seconds saturate here: far beyond any limit we check, and ×TicksPerSecond still fits a long.
    private const long WholeCap = 100_000_000_000;

    /// <summary>
    /// The duration, truncated to whole ticks; <paramref name="beyondTick"/> is true when a non-zero
    /// digit below a tick was dropped, so a caller's upper limit still refuses "86400.00000001".
    /// </summary>
    public static bool TryParse(string text, out TimeSpan value, out bool beyondTick)
    {
        value = default;
        beyondTick = false;
        long whole = 0;
        long fraction = 0;
        long place = TimeSpan.TicksPerSecond;
        bool point = false;
        bool anyDigit = false;
        foreach (char c in text)
        {
            if (c == '.' && !point)
            {
                point = true;
                continue;
            }
            if (c is < '0' or > '9')
            {
                return false;
            }
            anyDigit = true;
            int digit = c - '0';
            if (!point)
            {
                whole = Math.Min(whole * 10 + digit, WholeCap);
            }
            else if (place > 1)
            {
                place /= 10;
                fraction += digit * place;
            }
            else
            {
                beyondTick |= digit != 0;
            }
        }
        if (!anyDigit)
        {
            return false;
        }
        value = TimeSpan.FromTicks(whole * TimeSpan.TicksPerSecond + fraction);
        return true;
    }
}
