using System.Buffers.Binary;
using System.Globalization;

namespace Ucarp.Protocol.Packets;

/// <summary>A 48-bit Ethernet address, held in the low bits of a <see cref="ulong"/>.</summary>
public readonly record struct MacAddress(ulong Value)
{
    public const int Size = 6;

    public static readonly MacAddress Broadcast = new(0xFFFF_FFFF_FFFF);

    public static MacAddress Read(ReadOnlySpan<byte> source) =>
        new(((ulong)BinaryPrimitives.ReadUInt16BigEndian(source) << 32) | BinaryPrimitives.ReadUInt32BigEndian(source[2..]));

    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)(Value >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(destination[2..], (uint)Value);
    }

    /// <summary>The virtual router MAC ucarp puts in the Ethernet source of adverts (carp.c: 00:00:5e:00:00:vhid).</summary>
    public static MacAddress VirtualRouter(byte vhid) => new(0x0000_5E00_0000UL | vhid);

    /// <summary>The multicast MAC of an IPv4 group: 01:00:5e plus the group's low 23 bits (RFC 1112).</summary>
    public static MacAddress ForIpv4Group(uint group) => new(0x0100_5E00_0000UL | (group & 0x7F_FFFF));

    /// <summary>The multicast MAC of an IPv6 group: 33:33 plus the group's low 32 bits (RFC 2464 §7).</summary>
    public static MacAddress ForIpv6Group(UInt128 group) => new(0x3333_0000_0000UL | (uint)group);

    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[Size];
        WriteTo(bytes);
        return string.Create(CultureInfo.InvariantCulture,
            $"{bytes[0]:x2}:{bytes[1]:x2}:{bytes[2]:x2}:{bytes[3]:x2}:{bytes[4]:x2}:{bytes[5]:x2}");
    }
}
