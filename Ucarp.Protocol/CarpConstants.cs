namespace Ucarp.Protocol;

/// <summary>Limits and magic numbers of CARP v2 as ucarp 1.5.2 uses them.</summary>
public static class CarpConstants
{
    /// <summary>IP protocol number of CARP (ip_carp.h IPPROTO_CARP).</summary>
    public const byte IpProtocol = 112;

    /// <summary>Version 2 in the high nibble, type 1 (advertisement) in the low one (ip_carp.h).</summary>
    public const byte VersionAndType = 0x21;

    /// <summary>The only version ucarp accepts (ip_carp.h CARP_VERSION).</summary>
    public const byte Version = 2;

    /// <summary>Senders use 255 and receivers drop anything else (ip_carp.h CARP_DFLTTL).</summary>
    public const byte Ttl = 255;

    /// <summary>The most routers a --peer may be declared behind: its adverts still arrive with TTL 1.</summary>
    public const byte MaxPeerHops = Ttl - 1;

    /// <summary>Length of the authentication data in 32-bit words (ip_carp.h CARP_AUTHLEN).</summary>
    public const byte AuthLength = 7;

    /// <summary>IPTOS_LOWDELAY, as ucarp carp.c sets it.</summary>
    public const byte TypeOfService = 0x10;

    /// <summary>The advertisement base interval in seconds unless -b says otherwise (ucarp.c advbase).</summary>
    public const byte DefaultAdvBase = 1;

    /// <summary>Missed intervals before a backup takes over unless -r says otherwise (ucarp.c dead_ratio).</summary>
    public const uint DefaultDeadRatio = 3;

    /// <summary>The default group address (ucarp.c: 224.0.0.18).</summary>
    public const uint DefaultGroup = 0xE0000012;

    /// <summary>The IPv6 CARP group ff02::12 (OpenBSD ip_carp.c carp_send_ad: all VRRP/CARP routers, link scope).</summary>
    public static readonly UInt128 Ipv6Group = new(0xFF02_0000_0000_0000, 0x12);

    /// <summary>All nodes, ff02::1: where an unsolicited Neighbor Advertisement goes (RFC 4861 §7.2.6).</summary>
    public static readonly UInt128 Ipv6AllNodes = new(0xFF02_0000_0000_0000, 0x1);

    /// <summary>ucarp keeps a 20-byte key including the terminating NUL (carp_p.h CARP_KEY_LEN).</summary>
    public const int MaxPasswordLength = 19;

    /// <summary>Consecutive failed sends before the send-error penalty raises the advskew (ip_carp.h CARP_SENDAD_MAX_ERRORS).</summary>
    public const int SendErrorsBeforePenalty = 3;

    /// <summary>Consecutive good sends that lift the send-error penalty (ip_carp.h CARP_SENDAD_MIN_SUCCESS).</summary>
    public const int SendSuccessesBeforeRecovery = 3;

    /// <summary>
    /// The advskew advertised while sends fail (ip_carp.h CARP_BULK_UPDATE_MIN_DELAY), and the most
    /// a failing health check raises it to (--check-demote's default and cap).
    /// </summary>
    public const byte PenaltyAdvSkew = 240;

    /// <summary>Adverts sent between a takeover and the second gratuitous ARP (carp.c sc_delayed_arp).</summary>
    public const int DelayedArpAdverts = 2;

    /// <summary>How long a host stepped down by SIGUSR2 stays out of elections (ucarp carp.c: sleep(3)).</summary>
    public static readonly TimeSpan StepDownHold = TimeSpan.FromSeconds(3);

    /// <summary>advbase and advskew of a "bow-out" advertisement: a master leaving on purpose (RFC-style CARP).</summary>
    public const byte BowOutAdvBase = 255;

    /// <inheritdoc cref="BowOutAdvBase"/>
    public const byte BowOutAdvSkew = 255;

    /// <summary>
    /// Counter sequences a host remembers against replay (<see cref="Engine.ReplayWindow"/>). A
    /// ucarp 1.5.2 master that has heard no one draws a new random counter per advert, so with one
    /// of those this is how many of its adverts are remembered: 17 minutes at advbase 1.
    /// </summary>
    public const int ReplaySequences = 1024;

    /// <summary>
    /// How far past a sequence's top a counter still continues it (adverts missed). A fresh random
    /// counter lands this close to one of <see cref="ReplaySequences"/> by chance once in 2³⁴.
    /// </summary>
    public const ulong ReplayReach = 1UL << 20;

    /// <summary>
    /// At most how many counters a new master, or one that heard a counter it used itself, skips, so
    /// two masters continuing from the same counter do not send the same ones; below the 64 counters
    /// that <see cref="Engine.ReplayWindow"/> tracks exactly, so the other master's next one is still new.
    /// </summary>
    public const int CounterCollisionSkip = 32;
}
