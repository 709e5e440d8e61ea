using Ucarp.Protocol.Auth;
using Ucarp.Protocol.Packets;

namespace Ucarp.Protocol.Engine;

/// <summary>ucarp 1.5.2's IPv4 framing, byte for byte.</summary>
public sealed class Ipv4Wire : CarpWire
{
    private readonly CarpConfig _config;
    private readonly uint _source;
    private readonly uint _group;
    private readonly uint _virtualAddress;
    private readonly UnicastPeer<uint>[] _peers;
    private readonly CarpDigest _digest;
    private readonly AdvertisementReader _reader;

    public Ipv4Wire(CarpConfig config)
    {
        _config = config;
        _source = Ipv4.ToUInt32(config.SourceAddress);
        _group = Ipv4.ToUInt32(config.Group);
        _virtualAddress = Ipv4.ToUInt32(config.VirtualAddress);
        _digest = new CarpDigest(config.Password.Span, config.Vhid, _virtualAddress);
        _peers = new UnicastPeer<uint>[config.Peers.Count];
        for (int i = 0; i < _peers.Length; i++)
        {
            _peers[i] = new(Ipv4.ToUInt32(config.Peers[i].Address), config.Peers[i].Hops);
        }
        _reader = new AdvertisementReader(config.Vhid, _source, _group, _digest, _peers);
    }

    public override int AdvertSize => AdvertisementFrame.Size;

    public override int AnnouncementSize => GratuitousArp.Size;

    /// <summary>The group, or each --peer in turn.</summary>
    public override int Destinations => Math.Max(_peers.Length, 1);

    /// <summary>ucarp draws a random IP identification per frame, after the counter.</summary>
    public override void WriteAdvert(Span<byte> frame, CarpHeader header, Random random, int destination) =>
        AdvertisementFrame.Write(frame, header, _source, _peers.Length == 0 ? _group : _peers[destination].Address, _config.Broadcast,
            (ushort)random.Next(0x10000), _digest);

    public override ReceivedAdvertisement Read(ReadOnlySpan<byte> frame) => _reader.Read(frame);

    public override void WriteAnnouncement(Span<byte> frame) => GratuitousArp.Write(frame, _config.InterfaceMac, _virtualAddress);

    public override int CompareTieBreak(CarpAddress other) => Ipv4.TieBreakKey((uint)other.Value).CompareTo(Ipv4.TieBreakKey(_source));
}
