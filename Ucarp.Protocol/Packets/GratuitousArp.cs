using System.Buffers.Binary;

namespace Ucarp.Protocol.Packets;

/// <summary>
/// The 42-byte gratuitous ARP ucarp sends for the virtual address (garp.c): broadcast, an ARP
/// request whose sender and target are both the interface MAC and the virtual address.
/// </summary>
public static class GratuitousArp
{
    public const int Size = EthernetHeader.Size + 28;

    public static void Write(Span<byte> destination, MacAddress interfaceMac, uint virtualAddress)
    {
        Span<byte> frame = destination[..Size];
        new EthernetHeader(MacAddress.Broadcast, interfaceMac, EthernetHeader.EtherTypeArp).WriteTo(frame);
        Span<byte> arp = frame[EthernetHeader.Size..];
        BinaryPrimitives.WriteUInt16BigEndian(arp, 1);                                   // hardware: Ethernet
        BinaryPrimitives.WriteUInt16BigEndian(arp[2..], EthernetHeader.EtherTypeIpv4);   // protocol: IPv4
        arp[4] = MacAddress.Size;
        arp[5] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(arp[6..], 1);                              // op: request
        interfaceMac.WriteTo(arp[8..]);
        BinaryPrimitives.WriteUInt32BigEndian(arp[14..], virtualAddress);
        interfaceMac.WriteTo(arp[18..]);
        BinaryPrimitives.WriteUInt32BigEndian(arp[24..], virtualAddress);
    }
}
