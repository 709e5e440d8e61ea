namespace Ucarp.Protocol.Packets;

/// <summary>Why a received frame was not taken as a valid advertisement, in ucarp's order of checks.</summary>
public enum DropReason
{
    None,
    /// <summary>Shorter than Ethernet + IP + CARP headers, or than its own IP header and length say.</summary>
    TooShort,
    /// <summary>Not IPv4 protocol 112, or an impossible IHL: foreign traffic, dropped silently.</summary>
    NotCarp,
    /// <summary>Sent from our own source address (ucarp ignores these before any check).</summary>
    OwnSource,
    BadTtl,
    BadVersion,
    OtherVhid,
    /// <summary>Not addressed to our group; with peers, anything not sent by unicast to our address.</summary>
    OtherGroup,
    BadChecksum,
    BadDigest,
    /// <summary>A unicast advert to our address from a host that is not one of the configured peers.</summary>
    NotPeer,
    /// <summary>Not exactly one CARP advertisement in an unfragmented datagram (<see cref="CarpDatagram"/>).</summary>
    Malformed,
    /// <summary>Authentic, but its counter was already received or sent: a captured advert sent again.</summary>
    Replay,
}
