using Ucarp.Protocol.Observe;

namespace Ucarp.Cli.Observe;

// The words --observe prints, the same in text and JSON.
internal static class ObserveNames
{
    internal static string Of(AlarmKind kind) => kind switch
    {
        AlarmKind.TwoMasters => "two-masters",
        AlarmKind.DigestMismatch => "digest-mismatch",
        AlarmKind.BadTtl => "bad-ttl",
        AlarmKind.CounterReplay => "counter-replay",
        AlarmKind.VrrpCollision => "vrrp-collision",
        AlarmKind.TableFull => "table-full",
        _ => "line-flood",
    };

    internal static string Of(FrameKind protocol) => protocol switch
    {
        FrameKind.Carp => "carp",
        FrameKind.Vrrp2 => "vrrp2",
        FrameKind.Vrrp3 => "vrrp3",
        _ => protocol.ToString().ToLowerInvariant(),
    };

    internal static string Of(DigestStatus digest) => digest switch
    {
        DigestStatus.Ok => "ok",
        DigestStatus.Bad => "bad",
        DigestStatus.Pending => "pending",
        _ => "unchecked",
    };

    internal static string Of(AdvertiserState state) => state switch
    {
        AdvertiserState.Master => "master",
        AdvertiserState.Leaving => "leaving",
        _ => "silent",
    };

    internal static string Of(DestinationKind destination) => destination switch
    {
        DestinationKind.Multicast => "multicast",
        DestinationKind.Broadcast => "broadcast",
        _ => "unicast",
    };

    internal static string Family(bool ipv6) => ipv6 ? "ipv6" : "ipv4";

    // The frame counters, in the order the summary lists them.
    internal static IEnumerable<(string Name, long Count)> Counts(FrameCounts frames) =>
    [
        ("total", frames.Total),
        ("carp", frames[FrameKind.Carp]),
        ("vrrp2", frames[FrameKind.Vrrp2]),
        ("vrrp3", frames[FrameKind.Vrrp3]),
        ("bad_checksum", frames.BadChecksum),
        ("truncated", frames[FrameKind.Truncated]),
        ("fragment", frames[FrameKind.Fragment]),
        ("foreign", frames[FrameKind.Foreign]),
        ("garbage", frames[FrameKind.Garbage]),
        ("other_vhid", frames.OtherVhid),
        ("evicting", frames.Evicting),
    ];
}
