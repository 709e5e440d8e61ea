using System.Net;
using System.Net.Sockets;
using Ucarp.Cli.Logging;
using Ucarp.Protocol;
using Ucarp.Protocol.Engine;
using Ucarp.Protocol.Packets;

namespace Ucarp.Cli.CommandLine;

/// <summary>
/// Everything the daemon runs with, validated as ucarp validates it. The election's defaults and
/// limits live in <see cref="CarpConstants"/>; this record only refers to them.
/// </summary>
internal sealed record UcarpOptions
{
    /// <summary>
    /// As typed (e.g. "eth0:carp0": scripts get it verbatim); null when not given or empty,
    /// unless CommandLineEnvironment.FindDefaultInterface chose one.
    /// </summary>
    public string? Interface { get; init; }

    public required IPAddress SourceAddress { get; init; }

    public required byte Vhid { get; init; }

    /// <summary>The HMAC key: the argument's bytes as given or the pass file's first line, 1 to 19 bytes.</summary>
    public required ReadOnlyMemory<byte> Password { get; init; }

    public required IPAddress VirtualAddress { get; init; }

    /// <summary>The --addr argument exactly as typed: it is what the scripts receive.</summary>
    public required string VirtualAddressText { get; init; }

    public byte AdvBase { get; init; } = CarpConstants.DefaultAdvBase;

    public byte AdvSkew { get; init; }

    /// <summary>Never 0. Kept 32-bit like ucarp's (unsigned int) cast of strtoul.</summary>
    public uint DeadRatio { get; init; } = CarpConstants.DefaultDeadRatio;

    public string? UpScript { get; init; }

    public string? DownScript { get; init; }

    public string? XParam { get; init; }

    public bool Preempt { get; init; }

    public bool Neutral { get; init; }

    public bool Shutdown { get; init; }

    public bool Debug { get; init; }

    public bool Daemonize { get; init; }

    public bool IgnoreIfState { get; init; }

    public bool NoMcast { get; init; }

    public IPAddress Group { get; init; } = CarpConfig.DefaultGroupAddress;

    /// <summary>--peer: the other hosts' addresses and hop counts, in the order given; empty means multicast as in ucarp 1.5.2.</summary>
    public IReadOnlyList<UnicastPeer<IPAddress>> Peers { get; init; } = [];

    /// <summary>--log-format: the terminal's format; syslog keeps its text lines either way.</summary>
    public LogFormat LogFormat { get; init; } = LogFormat.Text;

    /// <summary>
    /// --script-timeout: how long an up or down script may run before its process group is
    /// terminated. 10 s: far above what adding an address and sending an ARP takes, yet a hung
    /// script holds a newer transition's script back (both hosts may hold the VIP) for at most
    /// this plus the 2 s kill grace.
    /// </summary>
    public TimeSpan ScriptTimeout { get; init; } = DefaultScriptTimeout;

    /// <summary>--check and its tuning; null without --check.</summary>
    public HealthCheckOptions? HealthCheck { get; init; }

    public static TimeSpan DefaultScriptTimeout { get; } = TimeSpan.FromSeconds(10);

    public const uint MaxScriptTimeoutSeconds = 86400;

    /// <summary>--status-file: the JSON status document, rewritten atomically; null when not asked for.</summary>
    public string? StatusFile { get; init; }

    /// <summary>--metrics-file: the Prometheus text exposition of the same facts; null when not asked for.</summary>
    public string? MetricsFile { get; init; }

    /// <summary>
    /// --observe: watch the segment instead of running CARP. Then -s, -v, -p/-o and -a are optional:
    /// Vhid 0 means every vhid, an empty Password leaves digests unchecked, VirtualAddress Any means
    /// "find it in the interface's subnets".
    /// </summary>
    public bool Observe { get; init; }

    /// <summary>--observe=SECONDS; null: until SIGINT or SIGTERM.</summary>
    public TimeSpan? ObserveFor { get; init; }

    /// <summary>FILE:LINE of the --instances line this instance comes from; null from the command line.</summary>
    public string? Origin { get; init; }

    /// <summary>-i as typed, or "" when none was given nor found.</summary>
    public string TypedInterface => Interface ?? "";

    public bool IsIpv6 => SourceAddress.AddressFamily == AddressFamily.InterNetworkV6;

    /// <summary>
    /// The one mapping from the command line to the election's configuration; the interface's MAC
    /// and whether it routes (IPv6 Neighbor Advertisements say so) come from the device.
    /// </summary>
    public CarpConfig ToCarpConfig(MacAddress interfaceMac, bool router) => new()
    {
        Vhid = Vhid,
        AdvBase = AdvBase,
        AdvSkew = AdvSkew,
        DeadRatio = DeadRatio,
        SourceAddress = SourceAddress,
        VirtualAddress = VirtualAddress,
        Group = Group,
        Broadcast = NoMcast,
        Peers = Peers,
        Preempt = Preempt,
        Neutral = Neutral,
        AnnounceAfterUpScript = !string.IsNullOrEmpty(UpScript),
        Password = Password,
        InterfaceMac = interfaceMac,
        Router = router,
        HealthDemote = HealthCheck?.Demote ?? CarpConstants.PenaltyAdvSkew,
    };
}
