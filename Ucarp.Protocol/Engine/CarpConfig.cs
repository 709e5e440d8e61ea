using System.Net;
using Ucarp.Protocol.Packets;

namespace Ucarp.Protocol.Engine;

/// <summary>Everything the election needs from the command line and the interface.</summary>
public sealed record CarpConfig
{
    /// <summary>224.0.0.18 as an address: the default of --mcast and of <see cref="Group"/>.</summary>
    public static IPAddress DefaultGroupAddress { get; } = Ipv4.ToIPAddress(CarpConstants.DefaultGroup);

    public required byte Vhid { get; init; }
    public byte AdvBase { get; init; } = CarpConstants.DefaultAdvBase;
    public byte AdvSkew { get; init; }
    public uint DeadRatio { get; init; } = CarpConstants.DefaultDeadRatio;
    public required IPAddress SourceAddress { get; init; }
    public required IPAddress VirtualAddress { get; init; }
    public IPAddress Group { get; init; } = DefaultGroupAddress;

    /// <summary>--nomcast: Ethernet broadcast instead of the group's multicast MAC.</summary>
    public bool Broadcast { get; init; }

    /// <summary>--peer: advertise to each of these by unicast and accept adverts only from them, each at its TTL; empty: multicast.</summary>
    public IReadOnlyList<UnicastPeer<IPAddress>> Peers { get; init; } = [];

    public bool Preempt { get; init; }

    /// <summary>--neutral: no down script at start-up.</summary>
    public bool Neutral { get; init; }

    /// <summary>
    /// An up script configures the VIP: the host calls <see cref="CarpEngine.AnnounceVip"/> once it
    /// has ended. False: a takeover announces the VIP at once, as ucarp 1.5.2 does.
    /// </summary>
    public bool AnnounceAfterUpScript { get; init; }

    /// <summary>IPv6: the host forwards, so takeover Neighbor Advertisements carry the Router flag.</summary>
    public bool Router { get; init; }

    /// <summary>--check-demote: added to the advskew while the health check fails, up to <see cref="CarpConstants.PenaltyAdvSkew"/>.</summary>
    public byte HealthDemote { get; init; } = CarpConstants.PenaltyAdvSkew;

    /// <summary>The advskew advertised while unhealthy: advskew + <see cref="HealthDemote"/>, capped at 240 but never lowered.</summary>
    public byte UnhealthyAdvSkew =>
        AdvSkew >= CarpConstants.PenaltyAdvSkew ? AdvSkew : (byte)Math.Min(AdvSkew + HealthDemote, CarpConstants.PenaltyAdvSkew);

    public required ReadOnlyMemory<byte> Password { get; init; }
    public MacAddress InterfaceMac { get; init; }

    /// <summary>How often a master advertises: advbase + advskew/256 s.</summary>
    public AdvertInterval Interval => new(AdvBase, AdvSkew);

    /// <summary>
    /// How long a backup waits for the master: advbase × deadratio s + advskew/256 s (carp.c
    /// carp_setrun). With advbase 0 ucarp waits a single interval, so jitter makes sub-second
    /// set-ups flap; this waits deadratio intervals there instead. A local timer only.
    /// </summary>
    public TimeSpan MasterDownInterval => MasterDownIntervalWith(AdvSkew);

    /// <summary><see cref="MasterDownInterval"/> with another advskew (a demoted one).</summary>
    public TimeSpan MasterDownIntervalWith(byte advSkew)
    {
        long skewMicroseconds = advSkew * 1_000_000L / 256;
        // At most 255 × 2³² s: fits a long in µs, not always a TimeSpan, so absurd ratios are capped.
        long microseconds = AdvBase == 0
            ? DeadRatio * skewMicroseconds
            : (long)AdvBase * DeadRatio * 1_000_000L + skewMicroseconds;
        long cap = TimeSpan.MaxValue.Ticks / 4 / TimeSpan.TicksPerMicrosecond;
        return TimeSpan.FromMicroseconds(Math.Min(microseconds, cap));
    }
}
