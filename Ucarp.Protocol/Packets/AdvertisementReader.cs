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
/// unicast, as OpenBSD's carppeer), and their TTL is not checked: peers may be routed, and the
/// digest and the peer check authenticate them (FreeBSD skips TTL verification for unicast too).</param>
public sealed class AdvertisementReader(byte vhid, uint ownSource, uint group, CarpDigest digest, uint[]? peers = null)
{
    private readonly uint[] _peers = peers ?? [];

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
        if (datagram.Length < ip.HeaderLength + CarpHeader.Size)
        {
            return Dropped(DropReason.TooShort, ip.Source);
        }
        ReadOnlySpan<byte> carp = datagram.Slice(ip.HeaderLength, CarpHeader.Size);
        _ = CarpHeader.TryRead(carp, out CarpHeader header);
        bool unicast = _peers.Length > 0;
        bool toUs = unicast && ip.Destination == ownSource;
        if (ip.Ttl != CarpConstants.Ttl && !toUs)
        {
            return new(DropReason.BadTtl, ip.Source, header, ip.Ttl, 0, 0);
        }
        if (header.Version != CarpConstants.Version)
        {
            return new(DropReason.BadVersion, ip.Source, header, ip.Ttl, 0, 0);
        }
        if (header.Vhid != vhid)
        {
            return new(DropReason.OtherVhid, ip.Source, header, ip.Ttl, 0, 0);
        }
        if (unicast ? !toUs : ip.Destination != group)
        {
            return new(DropReason.OtherGroup, ip.Source, header, ip.Ttl, 0, 0);
        }
        if (unicast && Array.IndexOf(_peers, ip.Source) < 0)
        {
            return new(DropReason.NotPeer, ip.Source, header, ip.Ttl, 0, 0);
        }
        // ucarp sums IP header and CARP header in one pass: both must be intact.
        if (InternetChecksum.Compute(datagram[..(ip.HeaderLength + CarpHeader.Size)]) != 0)
        {
            return new(DropReason.BadChecksum, ip.Source, header, ip.Ttl, 0, 0);
        }
        Span<byte> expected = stackalloc byte[CarpHeader.DigestSize];
        if (!digest.Verify(carp, expected))
        {
            return new(DropReason.BadDigest, ip.Source, header, ip.Ttl,
                BinaryPrimitives.ReadUInt32BigEndian(expected), BinaryPrimitives.ReadUInt32BigEndian(carp[CarpHeader.DigestOffset..]));
        }
        return new(DropReason.None, ip.Source, header, ip.Ttl, 0, 0);
    }

    private static ReceivedAdvertisement Dropped(DropReason reason, uint source = 0) => new(reason, source, default, 0, 0, 0);
}
