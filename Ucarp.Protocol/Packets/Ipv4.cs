using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Ucarp.Protocol.Packets;

/// <summary>IPv4 addresses as the numeric value of their four bytes in network order (198.18.0.1 = 0xC6120001).</summary>
public static class Ipv4
{
    public static uint ToUInt32(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException("not an IPv4 address", nameof(address));
        }
        Span<byte> bytes = stackalloc byte[4];
        _ = address.TryWriteBytes(bytes, out _);
        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    public static IPAddress ToIPAddress(uint address)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, address);
        return new IPAddress(bytes);
    }

    /// <summary>224.0.0.0/4 (RFC 5771).</summary>
    public static bool IsMulticast(uint address) => address >> 28 == 0xE;

    /// <summary>
    /// The order ucarp 1.5.2 uses to break ties between equal masters: it compares
    /// <c>in_addr.s_addr</c> as raw integers, which on little-endian x86-64 makes the last octet
    /// the most significant (carp.c: <c>iphead.ip_src.s_addr &lt; srcip.s_addr</c>).
    /// </summary>
    public static uint TieBreakKey(uint address) => BinaryPrimitives.ReverseEndianness(address);
}
