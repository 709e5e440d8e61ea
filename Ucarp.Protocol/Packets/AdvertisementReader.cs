using System.Buffers.Binary;
using Ucarp.Protocol.Auth;

namespace Ucarp.Protocol.Packets;

/// <summary>
/// Validates a received Ethernet frame as a CARP advertisement in the order of ucarp's
/// packethandler. Raw sockets see hostile and foreign traffic, so every failure is a reason,
/// never an exception, and nothing is allocated.
/// </summary>
/// <param name="peers">Unicast peers (--peer): when any is given, only adverts sent by one of them
/// to <paramref name="ownSource"/> count, the group's are ignored (a vhid is either multicast or
/// unicast, as OpenBSD's carppeer), and each peer's must carry TTL 255 less its declared hops.</param>
public sealed class AdvertisementReader(byte vhid, uint ownSource, uint group, CarpDigest digest, UnicastPeer<uint>[]? peers = null)
{
    private readonly UnicastPeer<uint>[] _peers = peers ?? [];

    public ReceivedAdvertisement Read(ReadOnlySpan<byte> frame)
    {
        if (frame.Length < EthernetHeader.Size + Ipv4Header.MinSize + CarpHeader.Size)
        {
            return Dropped(DropReason.TooShort);
        }
        if (BinaryPrimitives.ReadUInt16BigEndian(frame[12..]) != EthernetHeader.EtherTypeIpv4)
        {
            return Dropped(DropReason.NotCarp);
        }
        ReadOnlySpan<byte> datagram = frame[EthernetHeader.Size..];
        Ipv4ReadResult ipResult = Ipv4Header.TryRead(datagram, out Ipv4Header ip);
        if (ipResult != Ipv4ReadResult.Ok || ip.Protocol != CarpConstants.IpProtocol)
        {
            return Dropped(ipResult == Ipv4ReadResult.TooShort ? DropReason.TooShort : DropReason.NotCarp);
        }
        if (ip.Source == ownSource)
        {
            return Dropped(DropReason.OwnSource, ip.Source);
        }
        CarpAddress from = CarpAddress.FromIpv4(ip.Source);
        if (datagram.Length < ip.HeaderLength + CarpHeader.Size || ip.TotalLength < ip.HeaderLength + CarpHeader.Size)
        {
            return Dropped(DropReason.TooShort, ip.Source);
        }
        ReadOnlySpan<byte> carp = datagram.Slice(ip.HeaderLength, CarpHeader.Size);
        bool shaped = CarpDatagram.TryGetPayload(datagram, ip, out ReadOnlySpan<byte> payload) == PayloadResult.Ok
            && CarpDatagram.IsAdvertisement(payload);
        DropReason addressing = ReceivedAdvertisement.Addressing<uint>(_peers, ownSource, group, ip.Source, ip.Destination, out byte? expectedTtl);
        // ucarp sums IP header and CARP header in one pass; each is checked on its own here, as
        // --observe does, so two errors cannot cancel out.
        bool checksumGood = InternetChecksum.Compute(datagram[..ip.HeaderLength]) == 0 && InternetChecksum.Compute(carp) == 0;
        return ReceivedAdvertisement.Check(from, carp, ip.Ttl, vhid, addressing, expectedTtl, shaped, checksumGood, digest, null);
    }

    private static ReceivedAdvertisement Dropped(DropReason reason, uint source = 0) => new(reason, CarpAddress.FromIpv4(source), default, 0, 0, 0);
}
