using Ucarp.Protocol.Packets;

namespace Ucarp.Protocol.Observe;

/// <summary>One source advertising one vhid (or VRRP router id) over IPv4 or IPv6, as last seen. Timestamps are the observer's clock's.</summary>
public sealed class Advertiser
{
    internal Advertiser(FrameKind protocol, CarpAddress source, byte vhid, GroupState group)
    {
        Protocol = protocol;
        Source = source;
        Vhid = vhid;
        Group = group;
    }

    public FrameKind Protocol { get; internal set; }

    public CarpAddress Source { get; }

    /// <summary>IPv6 CARP (or VRRPv3): a group of its own, apart from the same vhid over IPv4.</summary>
    public bool IsIpv6 => Source.IsIpv6;

    public byte Vhid { get; }

    public MacAddress Mac { get; internal set; }

    public byte AdvBase { get; internal set; }

    public byte AdvSkew { get; internal set; }

    /// <summary>VRRP only.</summary>
    public byte Priority { get; internal set; }

    public TimeSpan Interval { get; internal set; }

    /// <summary>The TTL, or for IPv6 the hop limit.</summary>
    public byte Ttl { get; internal set; }

    public DestinationKind Destination { get; internal set; }

    public ulong Counter { get; internal set; }

    public long Adverts { get; internal set; }

    public DigestStatus Digest { get; internal set; }

    /// <summary>The virtual address its digest matched (default unless <see cref="Digest"/> is Ok).</summary>
    public CarpAddress VirtualAddress { get; internal set; }

    public AdvertiserState State { get; internal set; }

    public long FirstSeen { get; internal set; }

    public long LastSeen { get; internal set; }

    public bool IsVrrp => Protocol != FrameKind.Carp;

    // When its current run of advertisements began: two masters overlap from the later of two of these.
    internal long ActiveSince { get; set; }

    // How the counter moved last time. ucarp sends a fresh random counter per advert until it hears a
    // peer, then +1 per advert; OpenBSD repeats one cookie forever. So a repeat is suspect only after
    // a move, and a step back only after a +1.
    internal bool CounterMoved { get; set; }

    internal bool CounterSequential { get; set; }

    // The last repeat or step back of the counter, kept as evidence until it ends.
    internal bool ReplaySeen { get; set; }

    internal long LastReplay { get; set; }

    internal ulong ReplayedCounter { get; set; }

    internal ulong CounterBeforeReplay { get; set; }

    internal AdvertiserKey Key => new(Source, Vhid, IsVrrp);

    // The advertisers of its vhid and family, and its place among them.
    internal GroupState Group { get; }

    internal int GroupIndex { get; set; }

    // Neighbours in the table's recency order (AdvertiserTable); false once evicted.
    internal Advertiser? Older { get; set; }

    internal Advertiser? Newer { get; set; }

    internal bool Tracked { get; set; }

    // Silence for three intervals (plus a second of slack for scheduling) ends a run of advertisements.
    internal TimeSpan Expiry => 3 * Interval + TimeSpan.FromSeconds(1);
}
