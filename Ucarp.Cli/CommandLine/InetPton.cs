using System.Net;

namespace Ucarp.Cli.CommandLine;

// inet_pton(AF_INET, ...) as glibc implements it: exactly four dotted decimal parts, each at most
// 255, no leading zeros, nothing else. IPAddress.TryParse accepts far more ("10", "0x7f.1",
// "1.2.3.04"), which ucarp answers with "Invalid address", so it cannot be used here.
internal static class InetPton
{
    internal static bool TryParseIPv4(string text, out IPAddress address)
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
}
