using System.Buffers.Binary;
using Ucarp.Protocol.Auth;

namespace Ucarp.Protocol.Packets;

/// <summary>
/// Validates a received Ethernet frame as an IPv6 CARP advertisement, in the order and with the
/// drop reasons of the IPv4 <see cref="AdvertisementReader"/>. The checksum covers the CARP header
/// only (OpenBSD carp6_input). The digest may be either of OpenBSD's two variants: the one it
/// sends and, for a link-local VIP, the one with the address included (<paramref name="alternate"/>).
/// Extension headers are not followed: OpenBSD sends none. With unicast peers, as in IPv4: only adverts
/// from a peer to <paramref name="ownSource"/> count, with hop limit 255 less the peer's declared hops.
/// </summary>
public sealed class Ipv6AdvertisementReader(byte vhid, UInt128 ownSource, CarpDigest digest, CarpDigest? alternate, UnicastPeer<UInt128>[]? peers = null)
{
    private readonly UnicastPeer<UInt128>[] _peers = peers ?? [];

    public ReceivedAdvertisement Read(ReadOnlySpan<byte> frame)
    {
        // Foreign EtherTypes first: an IPv4 advert on a mixed segment is not a short IPv6 one.
        if (frame.Length >= EthernetHeader.Size && BinaryPrimitives.ReadUInt16BigEndian(frame[12..]) != EthernetHeader.EtherTypeIpv6)
        {
            return Dropped(DropReason.NotCarp);
        }
        if (frame.Length < Ipv6AdvertisementFrame.Size)
        {
            return Dropped(DropReason.TooShort);
        }
        ReadOnlySpan<byte> datagram = frame[EthernetHeader.Size..];
        if (!Ipv6Header.TryRead(datagram, out Ipv6Header ip) || ip.NextHeader != CarpConstants.IpProtocol)
        {
            return Dropped(DropReason.NotCarp);
        }
        var from = new CarpAddress(ip.Source, true);
        if (ip.Source == ownSource)
        {
            return Dropped(DropReason.OwnSource, from);
        }
        if (ip.PayloadLength < CarpHeader.Size)
        {
            return Dropped(DropReason.TooShort, from);
        }
        ReadOnlySpan<byte> carp = datagram.Slice(Ipv6Header.Size, CarpHeader.Size);
        bool shaped = CarpDatagram.TryGetPayload(datagram, ip, out ReadOnlySpan<byte> payload) == PayloadResult.Ok
            && CarpDatagram.IsAdvertisement(payload);
        DropReason addressing = ReceivedAdvertisement.Addressing<UInt128>(_peers, ownSource, CarpConstants.Ipv6Group, ip.Source, ip.Destination,
            out byte? expectedTtl);
        return ReceivedAdvertisement.Check(from, carp, ip.HopLimit, vhid, addressing, expectedTtl, shaped, InternetChecksum.Compute(carp) == 0,
            digest, alternate);
    }

    private static ReceivedAdvertisement Dropped(DropReason reason, CarpAddress source = default) => new(reason, source, default, 0, 0, 0);
}
