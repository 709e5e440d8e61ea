using System.Buffers.Binary;
using Ucarp.Protocol.Auth;

namespace Ucarp.Protocol.Packets;

/// <summary>
/// Validates a received Ethernet frame as a CARP advertisement in the order of ucarp's
/// packethandler. Raw sockets see hostile and foreign traffic, so every failure is a reason,
/// never an exception, and nothing is allocated.
/// </summary>
public sealed class AdvertisementReader(byte vhid, uint ownSource, uint group, CarpDigest digest)
{
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
        if (datagram.Length < ip.HeaderLength + CarpHeader.Size)
        {
            return Dropped(DropReason.TooShort, ip.Source);
        }
        ReadOnlySpan<byte> carp = datagram.Slice(ip.HeaderLength, CarpHeader.Size);
        _ = CarpHeader.TryRead(carp, out CarpHeader header);
        if (ip.Ttl != CarpConstants.Ttl)
        {
            return new(DropReason.BadTtl, from, header, ip.Ttl, 0, 0);
        }
        if (header.Version != CarpConstants.Version)
        {
            return new(DropReason.BadVersion, from, header, ip.Ttl, 0, 0);
        }
        if (header.Vhid != vhid)
        {
            return new(DropReason.OtherVhid, from, header, ip.Ttl, 0, 0);
        }
        if (ip.Destination != group)
        {
            return new(DropReason.OtherGroup, from, header, ip.Ttl, 0, 0);
        }
        // ucarp sums IP header and CARP header in one pass: both must be intact.
        if (InternetChecksum.Compute(datagram[..(ip.HeaderLength + CarpHeader.Size)]) != 0)
        {
            return new(DropReason.BadChecksum, from, header, ip.Ttl, 0, 0);
        }
        Span<byte> expected = stackalloc byte[CarpHeader.DigestSize];
        if (!digest.Verify(carp, expected))
        {
            return new(DropReason.BadDigest, from, header, ip.Ttl,
                BinaryPrimitives.ReadUInt32BigEndian(expected), BinaryPrimitives.ReadUInt32BigEndian(carp[CarpHeader.DigestOffset..]));
        }
        return new(DropReason.None, from, header, ip.Ttl, 0, 0);
    }

    private static ReceivedAdvertisement Dropped(DropReason reason, uint source = 0) => new(reason, CarpAddress.FromIpv4(source), default, 0, 0, 0);
}
