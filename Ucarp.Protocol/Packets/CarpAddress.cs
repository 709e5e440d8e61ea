using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Ucarp.Protocol.Packets;

/// <summary>
/// A sender's address as read off the wire, IPv4 or IPv6, without allocating: the 4 or 16 bytes
/// in network order as a big-endian number (198.18.0.1 = 0xC6120001).
/// </summary>
public readonly record struct CarpAddress(UInt128 Value, bool IsIpv6)
{
    public static CarpAddress FromIpv4(uint address) => new(address, false);

    public static CarpAddress ReadIpv6(ReadOnlySpan<byte> source) => new(BinaryPrimitives.ReadUInt128BigEndian(source), true);

    /// <summary>fe80::/10, whose scope is the interface.</summary>
    public bool IsLinkLocal => IsIpv6 && Value >> 118 == 0x3FA;

    /// <summary>An IPv4 address converts to its number, so IPv4 code reads as before.</summary>
    public static implicit operator CarpAddress(uint address) => FromIpv4(address);

    public static CarpAddress FromIPAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return FromIpv4(Ipv4.ToUInt32(address));
        }
        Span<byte> bytes = stackalloc byte[16];
        _ = address.TryWriteBytes(bytes, out _);
        return ReadIpv6(bytes);
    }

    public IPAddress ToIPAddress()
    {
        if (!IsIpv6)
        {
            return Ipv4.ToIPAddress((uint)Value);
        }
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, Value);
        return new IPAddress(bytes);
    }

    public override string ToString() => ToIPAddress().ToString();
}
