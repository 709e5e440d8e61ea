using System.Buffers.Binary;

namespace Ucarp.Protocol.Packets;

/// <summary>
/// The unsolicited Neighbor Advertisement (RFC 4861 §4.4, §7.2.6) a new IPv6 master sends where an
/// IPv4 one sends its gratuitous ARP, as OpenBSD carp does on takeover: to all nodes ff02::1, hop
/// limit 255, Override set, target the VIP, with the Target Link-Layer Address option. The source
/// is the VIP itself, as Linux's own unsolicited NAs use the announced address.
/// </summary>
public static class NeighborAdvertisement
{
    public const byte IcmpV6Protocol = 58;
    public const byte Type = 136;
    public const int IcmpSize = 32;
    public const int Size = EthernetHeader.Size + Ipv6Header.Size + IcmpSize;

    private const uint RouterFlag = 0x8000_0000;
    private const uint OverrideFlag = 0x2000_0000;
    private const byte TargetLinkLayerOption = 2;

    /// <param name="router">The Router flag: set when the host forwards IPv6.</param>
    public static void Write(Span<byte> destination, MacAddress interfaceMac, UInt128 virtualAddress, bool router)
    {
        Span<byte> frame = destination[..Size];
        new EthernetHeader(MacAddress.ForIpv6Group(CarpConstants.Ipv6AllNodes), interfaceMac, EthernetHeader.EtherTypeIpv6).WriteTo(frame);
        var ip = new Ipv6Header(IcmpSize, IcmpV6Protocol, CarpConstants.Ttl, virtualAddress, CarpConstants.Ipv6AllNodes);
        ip.WriteTo(frame[EthernetHeader.Size..]);
        Span<byte> icmp = frame[(EthernetHeader.Size + Ipv6Header.Size)..];
        icmp[0] = Type;
        icmp[1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(icmp[2..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(icmp[4..], OverrideFlag | (router ? RouterFlag : 0));
        BinaryPrimitives.WriteUInt128BigEndian(icmp[8..], virtualAddress);
        icmp[24] = TargetLinkLayerOption;
        icmp[25] = 1;   // length in units of 8 bytes
        interfaceMac.WriteTo(icmp[26..]);
        BinaryPrimitives.WriteUInt16BigEndian(icmp[2..], ip.UpperLayerChecksum(icmp));
    }
}
