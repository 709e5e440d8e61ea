using System.Net;
using System.Net.Sockets;

namespace Ucarp.Cli.CommandLine;

/// <summary>
/// inet_pton(AF_INET, ...) as glibc implements it: exactly four dotted decimal parts, each at most
/// 255, no leading zeros, nothing else. IPAddress.TryParse accepts far more ("10", "0x7f.1",
/// "1.2.3.04"), which ucarp answers with "Invalid address", so it cannot be used here.
/// </summary>
internal static class InetPton
{
    public static bool TryParseIPv4(string text, out IPAddress address)
    {
        address = IPAddress.None;
        Span<byte> octets = stackalloc byte[4];
        int count = 0;
        int current = 0;
        bool sawDigit = false;
        foreach (char c in text)
        {
            if (c is >= '0' and <= '9')
            {
                if (sawDigit && current == 0)
                {
                    return false;   // a leading zero
                }

                current = (current * 10) + (c - '0');
                if (current > 255)
                {
                    return false;
                }

                if (!sawDigit)
                {
                    if (++count > 4)
                    {
                        return false;
                    }

                    sawDigit = true;
                }

                octets[count - 1] = (byte)current;
            }
            else if (c == '.' && sawDigit)
            {
                if (count == 4)
                {
                    return false;
                }

                current = 0;
                sawDigit = false;
            }
            else
            {
                return false;
            }
        }

        if (count < 4)
        {
            return false;
        }

        address = new IPAddress(octets);
        return true;
    }

    /// <summary>
    /// inet_pton(AF_INET6, ...): hex groups, "::" and a dotted IPv4 tail, nothing else. IPAddress.TryParse
    /// also takes "[...]", "%scope" and "/prefix" suffixes, which are refused here: the scope of a
    /// link-local address is the interface given with -i.
    /// </summary>
    public static bool TryParseIPv6(string text, out IPAddress address)
    {
        address = IPAddress.IPv6None;
        foreach (char c in text)
        {
            if (!(char.IsAsciiHexDigit(c) || c is ':' or '.'))
            {
                return false;
            }
        }

        if (!text.Contains(':', StringComparison.Ordinal)
            || !IPAddress.TryParse(text, out IPAddress? parsed)
            || parsed.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return false;
        }

        address = parsed;
        return true;
    }
}
