namespace Ucarp.Protocol.Observe;

/// <summary>What a frame seen by the observer turned out to be.</summary>
public enum FrameKind
{
    /// <summary>A CARP v2 advertisement (ucarp, OpenBSD and FreeBSD share the 36-byte framing).</summary>
    Carp,
    /// <summary>A VRRP version 2 advertisement (RFC 3768) on the same protocol number.</summary>
    Vrrp2,
    /// <summary>A VRRP version 3 advertisement (RFC 5798).</summary>
    Vrrp3,
    /// <summary>Shorter than its own headers say.</summary>
    Truncated,
    /// <summary>An IP fragment (IPv6: a fragment header): CARP and VRRP are never fragmented, so it is counted, not reassembled.</summary>
    Fragment,
    /// <summary>Neither IPv4 protocol 112 nor IPv6 next header 112.</summary>
    Foreign,
    /// <summary>Protocol 112 in neither CARP's nor VRRP's shape.</summary>
    Garbage,
}
