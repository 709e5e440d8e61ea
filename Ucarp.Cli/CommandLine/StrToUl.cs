namespace Ucarp.Cli.CommandLine;

/// <summary>
/// C strtoul(s, NULL, 0) and strtol(s, NULL, 0) as glibc 2.36 computes them, which is how ucarp
/// reads every number: leading white space, an optional sign, then "0x"/"0X" for hexadecimal,
/// "0" for octal or decimal; parsing stops at the first character that is not a digit of the
/// base, no digits gives 0, and out-of-range values saturate (ERANGE is never looked at).
/// </summary>
internal static class StrToUl
{
    /// <summary>strtoul: a '-' negates the magnitude modulo 2^64, so "-1" is ULONG_MAX.</summary>
    public static ulong Parse(string text)
    {
        (bool negative, ulong magnitude, bool overflow) = Scan(text);
        if (overflow)
        {
            return ulong.MaxValue;
        }

        return negative ? unchecked(0UL - magnitude) : magnitude;
    }

    /// <summary>strtol: the same grammar clamped to [LONG_MIN, LONG_MAX]. ucarp's vhid check uses both.</summary>
    public static long ParseSigned(string text)
    {
        (bool negative, ulong magnitude, bool overflow) = Scan(text);
        if (negative)
        {
            return overflow || magnitude > 1UL << 63 ? long.MinValue : unchecked((long)(0UL - magnitude));
        }

        return overflow || magnitude > long.MaxValue ? long.MaxValue : (long)magnitude;
    }

    private static (bool Negative, ulong Magnitude, bool Overflow) Scan(string text)
    {
        int i = 0;
        while (i < text.Length && IsCSpace(text[i]))
        {
            i++;
        }

        bool negative = false;
        if (i < text.Length && text[i] is '-' or '+')
        {
            negative = text[i] == '-';
            i++;
        }

        uint radix = 10;
        if (i < text.Length && text[i] == '0')
        {
            if (i + 1 < text.Length && text[i + 1] is 'x' or 'X')
            {
                // "0x" with no hex digit after it parses as the "0" alone: the value is 0 either way.
                radix = 16;
                i += 2;
            }
            else
            {
                radix = 8;
            }
        }

        ulong magnitude = 0;
        bool overflow = false;
        for (; i < text.Length; i++)
        {
            uint digit = DigitValue(text[i]);
            if (digit >= radix)
            {
                break;
            }

            if (magnitude > (ulong.MaxValue - digit) / radix)
            {
                overflow = true;   // keep scanning, as strtoul does, but the value is saturated
            }
            else
            {
                magnitude = (magnitude * radix) + digit;
            }
        }

        return (negative, magnitude, overflow);
    }

    private static uint DigitValue(char c) => c switch
    {
        >= '0' and <= '9' => (uint)(c - '0'),
        >= 'a' and <= 'z' => (uint)(c - 'a' + 10),
        >= 'A' and <= 'Z' => (uint)(c - 'A' + 10),
        _ => uint.MaxValue,
    };

    /// <summary>isspace() in the C and UTF-8 locales, for single bytes.</summary>
    private static bool IsCSpace(char c) => c is ' ' or '\t' or '\n' or '\v' or '\f' or '\r';
}
