using Ucarp.Protocol.Auth;
using Ucarp.Protocol.Packets;

namespace Ucarp.Protocol.Engine;

/// <summary>OpenBSD carp(4)'s IPv6 framing: adverts to ff02::12 (or each --peer), unsolicited Neighbor Advertisements.</summary>
public sealed class Ipv6Wire : CarpWire
{
    private readonly CarpConfig _config;
    private readonly UInt128 _source;
    private readonly UInt128 _virtualAddress;
    private readonly UnicastPeer<UInt128>[] _peers;
    private readonly CarpDigest _digest;
    private readonly Ipv6AdvertisementReader _reader;

    public Ipv6Wire(CarpConfig config)
    {
        _config = config;
        _source = CarpAddress.FromIPAddress(config.SourceAddress).Value;
        CarpAddress virtualAddress = CarpAddress.FromIPAddress(config.VirtualAddress);
        _virtualAddress = virtualAddress.Value;
        _digest = CarpDigest.ForIpv6(config.Password.Span, config.Vhid, _virtualAddress, linkLocalIncluded: false);
        CarpDigest? alternate = virtualAddress.IsLinkLocal
            ? CarpDigest.ForIpv6(config.Password.Span, config.Vhid, _virtualAddress, linkLocalIncluded: true)
            : null;
        _peers = new UnicastPeer<UInt128>[config.Peers.Count];
        for (int i = 0; i < _peers.Length; i++)
        {
            _peers[i] = new(CarpAddress.FromIPAddress(config.Peers[i].Address).Value, config.Peers[i].Hops);
        }
        _reader = new Ipv6AdvertisementReader(config.Vhid, _source, _digest, alternate, _peers);
    }

    public override int AdvertSize => Ipv6AdvertisementFrame.Size;

    public override int AnnouncementSize => NeighborAdvertisement.Size;

    /// <summary>The group, or each --peer in turn.</summary>
    public override int Destinations => Math.Max(_peers.Length, 1);

    public override void WriteAdvert(Span<byte> frame, CarpHeader header, Random random, int destination) =>
        Ipv6AdvertisementFrame.Write(frame, header, _source, _peers.Length == 0 ? CarpConstants.Ipv6Group : _peers[destination].Address, _digest);

    public override ReceivedAdvertisement Read(ReadOnlySpan<byte> frame) => _reader.Read(frame);

    public override void WriteAnnouncement(Span<byte> frame) =>
        NeighborAdvertisement.Write(frame, _config.InterfaceMac, _virtualAddress, _config.Router);

    // ucarp's tie-break has no IPv6 form (OpenBSD has none): the lower address in network byte order keeps the VIP.
    public override int CompareTieBreak(CarpAddress other) => other.Value.CompareTo(_source);
}
