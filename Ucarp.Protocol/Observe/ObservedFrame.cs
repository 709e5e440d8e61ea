using System.Buffers.Binary;
using Ucarp.Protocol.Packets;

namespace Ucarp.Protocol.Observe;

/// <summary>
/// Any protocol-112 frame decoded for the observer, IPv4 or IPv6 (next header 112, fixed header
/// only: OpenBSD sends no extension headers): CARP or VRRP with the fields worth showing, or the
/// reason it is neither. Hostile and broken frames are the normal case, so nothing throws.
/// <see cref="Ttl"/> is the IPv6 hop limit, which CARP also requires to be 255.
/// For VRRP, <see cref="Vhid"/> is the VRID and <see cref="Priority"/> is set; for CARP,
/// <see cref="AdvBase"/>, <see cref="AdvSkew"/> and <see cref="Counter"/> are.
/// </summary>
public readonly record struct ObservedFrame(
    FrameKind Kind, MacAddress SourceMac, CarpAddress Source, CarpAddress Destination, DestinationKind DestinationKind, byte Ttl,
    byte Vhid, byte AdvBase, byte AdvSkew, byte Priority, TimeSpan Interval, ulong Counter, bool ChecksumOk, int PayloadOffset)
{
    private const int VrrpHeaderSize = 8;
    private const int Vrrp2AuthSize = 8;          // RFC 3768 5.3.10: two 32-bit words of (obsolete) authentication data

    public bool IsAdvertisement => Kind is FrameKind.Carp or FrameKind.Vrrp2 or FrameKind.Vrrp3;

    /// <summary>A CARP bow-out: a master leaving on purpose announces advbase 255 and advskew 255.</summary>
    public bool IsBowOut => Kind == FrameKind.Carp && AdvBase == CarpConstants.BowOutAdvBase && AdvSkew == CarpConstants.BowOutAdvSkew;

    public static ObservedFrame Read(ReadOnlySpan<byte> frame)
    {
        if (!EthernetHeader.TryRead(frame, out EthernetHeader ethernet))
        {
            return Other(FrameKind.Truncated);
        }
        if (ethernet.EtherType == EthernetHeader.EtherTypeIpv6)
        {
            return ReadIpv6(ethernet, frame[EthernetHeader.Size..]);
        }
        if (ethernet.EtherType != EthernetHeader.EtherTypeIpv4)
        {
            return Other(FrameKind.Foreign);
        }
        ReadOnlySpan<byte> datagram = frame[EthernetHeader.Size..];
        switch (Ipv4Header.TryRead(datagram, out Ipv4Header ip))
        {
            case Ipv4ReadResult.TooShort:
                return Other(FrameKind.Truncated);
            case Ipv4ReadResult.NotIpv4:
            case Ipv4ReadResult.BadHeaderLength:
                return Other(FrameKind.Garbage);
        }
        if (ip.Protocol != CarpConstants.IpProtocol)
        {
            return Other(FrameKind.Foreign);
        }
        // The daemon's readers locate the payload the same way (CarpDatagram).
        switch (CarpDatagram.TryGetPayload(datagram, ip, out ReadOnlySpan<byte> payload))
        {
            case PayloadResult.Fragment:
                return Other(FrameKind.Fragment);
            case PayloadResult.Truncated:
                return Other(FrameKind.Truncated);
            case PayloadResult.BadLength:
                return Other(FrameKind.Garbage);
        }
        if (payload.Length < VrrpHeaderSize)
        {
            return Other(FrameKind.Garbage);
        }
        bool ipChecksumOk = InternetChecksum.Compute(datagram[..ip.HeaderLength]) == 0;
        var destination = ip.Destination == uint.MaxValue || ethernet.Destination == MacAddress.Broadcast
            ? DestinationKind.Broadcast
            : ip.Destination >> 28 == 0xE ? DestinationKind.Multicast : DestinationKind.Unicast;
        var advert = new ObservedFrame(FrameKind.Garbage, ethernet.Source, ip.Source, ip.Destination, destination, ip.Ttl,
            payload[1], 0, 0, 0, TimeSpan.Zero, 0, false, EthernetHeader.Size + ip.HeaderLength);
        advert = Classify(advert, payload, ipChecksumOk, addressSize: 4);
        return advert.Kind == FrameKind.Vrrp3 ? advert with { ChecksumOk = ipChecksumOk && Vrrp3ChecksumOk(ip, payload) } : advert;
    }

    private static ObservedFrame ReadIpv6(in EthernetHeader ethernet, ReadOnlySpan<byte> datagram)
    {
        if (!Ipv6Header.TryRead(datagram, out Ipv6Header ip))
        {
            return Other(datagram.Length < Ipv6Header.Size ? FrameKind.Truncated : FrameKind.Garbage);
        }
        PayloadResult located = CarpDatagram.TryGetPayload(datagram, ip, out ReadOnlySpan<byte> payload);
        if (located == PayloadResult.Fragment)
        {
            return Other(FrameKind.Fragment);
        }
        if (ip.NextHeader != CarpConstants.IpProtocol)
        {
            return Other(FrameKind.Foreign);
        }
        if (ip.PayloadLength < VrrpHeaderSize)
        {
            return Other(FrameKind.Garbage);
        }
        if (located == PayloadResult.Truncated)
        {
            return Other(FrameKind.Truncated);
        }
        // IPv6 has no broadcast: ff00::/8 is multicast, anything else unicast.
        var destination = ip.Destination >> 120 == 0xFF ? DestinationKind.Multicast : DestinationKind.Unicast;
        var advert = new ObservedFrame(FrameKind.Garbage, ethernet.Source, new CarpAddress(ip.Source, true), new CarpAddress(ip.Destination, true),
            destination, ip.HopLimit, payload[1], 0, 0, 0, TimeSpan.Zero, 0, false, EthernetHeader.Size + Ipv6Header.Size);
        // IPv6 has no header checksum; VRRPv2 is IPv4 only (RFC 3768), so such a payload stays garbage.
        advert = Classify(advert, payload, ipChecksumOk: true, addressSize: 16);
        return advert.Kind == FrameKind.Vrrp3 ? advert with { ChecksumOk = ip.UpperLayerChecksum(payload) == 0 } : advert;
    }

    // The payload as CARP, VRRPv2 or VRRPv3 (addresses of addressSize bytes), else the garbage frame as
    // given. A VRRPv3 checksum covers a pseudo-header of the IP family: the caller checks it.
    private static ObservedFrame Classify(ObservedFrame advert, ReadOnlySpan<byte> payload, bool ipChecksumOk, int addressSize)
    {
        int version = payload[0] >> 4;
        if ((payload[0] & 0x0F) != 1)
        {
            return advert;
        }
        // CARP and VRRPv2 share version 2, type 1 and the group: the length and authlen tell them apart
        // (a VRRPv2 advert is 16 + 4 × count bytes; CARP is 36 with authlen 7), as Wireshark's heuristic does.
        if (CarpDatagram.IsAdvertisement(payload))
        {
            _ = CarpHeader.TryRead(payload, out CarpHeader carp);
            return advert with
            {
                Kind = FrameKind.Carp,
                AdvBase = carp.AdvBase,
                AdvSkew = carp.AdvSkew,
                Interval = carp.Interval.ToTimeSpan(),
                Counter = carp.Counter,
                ChecksumOk = ipChecksumOk && InternetChecksum.Compute(payload) == 0,
            };
        }
        if (version == 2 && addressSize == 4 && payload.Length == VrrpHeaderSize + 4 * payload[3] + Vrrp2AuthSize)
        {
            return advert with
            {
                Kind = FrameKind.Vrrp2,
                Priority = payload[2],
                Interval = TimeSpan.FromSeconds(payload[5]),
                ChecksumOk = ipChecksumOk && InternetChecksum.Compute(payload) == 0,
            };
        }
        if (version == 3 && payload.Length == VrrpHeaderSize + addressSize * payload[3])
        {
            return advert with
            {
                Kind = FrameKind.Vrrp3,
                Priority = payload[2],
                Interval = TimeSpan.FromMilliseconds(10 * (BinaryPrimitives.ReadUInt16BigEndian(payload[4..]) & 0x0FFF)),
            };
        }
        return advert;
    }

    // RFC 5798 5.2.8: unlike VRRPv2 and CARP, the checksum covers an IPv4 pseudo-header too.
    private static bool Vrrp3ChecksumOk(in Ipv4Header ip, ReadOnlySpan<byte> payload)
    {
        const int PseudoHeaderSize = 12;
        Span<byte> buffer = stackalloc byte[PseudoHeaderSize + VrrpHeaderSize + 4 * byte.MaxValue];
        BinaryPrimitives.WriteUInt32BigEndian(buffer, ip.Source);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], ip.Destination);
        buffer[8] = 0;
        buffer[9] = CarpConstants.IpProtocol;
        BinaryPrimitives.WriteUInt16BigEndian(buffer[10..], (ushort)payload.Length);
        payload.CopyTo(buffer[PseudoHeaderSize..]);
        return InternetChecksum.Compute(buffer[..(PseudoHeaderSize + payload.Length)]) == 0;
    }

    private static ObservedFrame Other(FrameKind kind) =>
        new(kind, default, default, default, DestinationKind.Unicast, 0, 0, 0, 0, 0, TimeSpan.Zero, 0, false, 0);
}
