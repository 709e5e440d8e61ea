using System.Buffers.Binary;

namespace Ucarp.Protocol.Packets;

/// <summary>An Ethernet II header (no VLAN tag: the kernel strips it before AF_PACKET sees the frame).</summary>
public readonly record struct EthernetHeader(MacAddress Destination, MacAddress Source, ushort EtherType)
{
    public const int Size = 14;
    public const ushort EtherTypeIpv4 = 0x0800;
    public const ushort EtherTypeArp = 0x0806;
    public const ushort EtherTypeIpv6 = 0x86DD;

    public static bool TryRead(ReadOnlySpan<byte> frame, out EthernetHeader header)
    {
        if (frame.Length < Size)
        {
            header = default;
            return false;
        }
        header = new EthernetHeader(MacAddress.Read(frame), MacAddress.Read(frame[6..]), BinaryPrimitives.ReadUInt16BigEndian(frame[12..]));
        return true;
    }

    public void WriteTo(Span<byte> destination)
    {
        Destination.WriteTo(destination);
        Source.WriteTo(destination[6..]);
        BinaryPrimitives.WriteUInt16BigEndian(destination[12..], EtherType);
    }
}
