namespace Ucarp.Protocol.Packets;

/// <summary>Whether an IP datagram's payload could be located, by its own length fields.</summary>
public enum PayloadResult
{
    Ok,
    /// <summary>IPv4 More Fragments or a fragment offset; IPv6 a fragment header. CARP is never fragmented.</summary>
    Fragment,
    /// <summary>The frame ends before the length the IP header gives.</summary>
    Truncated,
    /// <summary>An IPv4 total length shorter than its own header.</summary>
    BadLength,
}
