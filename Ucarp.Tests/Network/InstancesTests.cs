using System.Globalization;
using Ucarp.Protocol.Packets;

namespace Ucarp.Tests.Network;

/// <summary>
/// --instances: many VIPs in one process of ours, on real namespaces, against Debian's ucarp 1.5.2
/// (one process per VIP) and against another multi-instance process. Each instance must behave as
/// its own process would: election, takeover, preemption, scripts and bow-out, per vhid.
/// </summary>
[Trait("Category", "Privileged")]
public sealed class InstancesTests
{
    private static readonly TimeSpan s_settle = TimeSpan.FromSeconds(15);

    private static string Vip(int vhid) => $"198.18.0.{100 + vhid}";

    /// <summary>Writes the instances file for host <paramref name="index"/>: one line per (vhid, options).</summary>
    private static string InstancesFile(UcarpCluster cluster, int index, IEnumerable<(int Vhid, string Options)> lines)
    {
        TestHost host = cluster.Hosts[index];
        string path = Path.Combine(cluster.WorkDirectory, $"instances-{index}.conf");
        File.WriteAllLines(path, lines.Select(l => string.Create(CultureInfo.InvariantCulture,
            $"-i {host.Interface} -s {host.Address} -v {l.Vhid} -p 'pass {l.Vhid}' -a {Vip(l.Vhid)} {l.Options}")));
        return path;
    }

    private static TestProcess StartInstances(UcarpCluster cluster, int index, string file, params string[] defaults) =>
        cluster.Network.StartProcess(cluster.Hosts[index].Namespace, UcarpCluster.OursBinary,
            ["-z", "-f", "none", "-u", cluster.UpScript, "-d", cluster.DownScript, .. defaults, "--instances=" + file]);

    private static TestProcess StartOriginal(UcarpCluster cluster, int index, int vhid, params string[] extra)
    {
        TestHost host = cluster.Hosts[index];
        return cluster.Network.StartProcess(host.Namespace, UcarpCluster.OriginalBinary,
        [
            "-i", host.Interface, "-s", host.Address.ToString(), "-v", vhid.ToString(CultureInfo.InvariantCulture),
            "-p", $"pass {vhid}", "-a", Vip(vhid), "-u", cluster.UpScript, "-d", cluster.DownScript, "-f", "none", .. extra,
        ]);
    }

    /// <summary>The host that holds each VIP now, by vhid; -1 for none, -2 for both.</summary>
    private static int[] Holders(UcarpCluster cluster, int vhids)
    {
        string[] addresses = [.. cluster.Hosts.Select(h => TestNetwork.Addresses(h))];
        return [.. Enumerable.Range(1, vhids).Select(v =>
        {
            int[] on = [.. Enumerable.Range(0, addresses.Length).Where(h => addresses[h].Contains($"inet {Vip(v)}/", StringComparison.Ordinal))];
            return on switch { [] => -1, [var one] => one, _ => -2 };
        })];
    }

    private static void AssertHolders(UcarpCluster cluster, int[] expected, string when, params TestProcess[] processes)
    {
        int[] last = [];
        bool reached = UcarpCluster.WaitUntil(() => (last = Holders(cluster, expected.Length)).SequenceEqual(expected), s_settle);
        Assert.True(reached, $"{when}: holders by vhid [{string.Join(',', last)}], expected [{string.Join(',', expected)}]\n"
            + string.Join("\n---\n", processes.Select(p => string.Join('\n', p.Lines))));
    }

    [Fact]
    public void ThreeInstances_AgainstThreeOriginals_ElectionTakeoverAndPreemptionPerVhid()
    {
        UcarpCluster.SkipUnlessOriginalInstalled();
        using UcarpCluster cluster = UcarpCluster.Create(hosts: 2);
        // Ours on host 0: vhid 1 preferred without -P, vhid 2 not preferred, vhid 3 preferred with -P.
        string file = InstancesFile(cluster, 0, [(1, "-k 0"), (2, "-k 100"), (3, "-k 0 -P")]);
        using TestProcess ours = StartInstances(cluster, 0, file);
        AssertHolders(cluster, [0, 0, 0], "ours alone");

        using TestProcess original1 = StartOriginal(cluster, 1, 1, "-k", "100");
        using TestProcess original2 = StartOriginal(cluster, 1, 2, "-k", "0", "-P");
        using TestProcess original3 = StartOriginal(cluster, 1, 3, "-k", "100");
        TestProcess[] all = [ours, original1, original2, original3];
        // Only vhid 2's original is preferred and preempts; the others stay backups of ours.
        AssertHolders(cluster, [0, 1, 0], "originals joined", all);

        cluster.Network.SetCarrier(cluster.Hosts[0], up: false);
        AssertHolders(cluster, [1, 1, 1], "host 0's cable cut", all);

        cluster.Network.SetCarrier(cluster.Hosts[0], up: true);
        // vhid 3 (-P) takes its VIP back; vhid 1 (no -P) leaves it where it is.
        AssertHolders(cluster, [1, 1, 0], "host 0's cable mended", all);
        Assert.False(ours.HasExited, string.Join('\n', ours.Lines));
        Assert.Contains(ours.Lines, l => l.Contains("[eth0 vhid 3] Switching to state: MASTER", StringComparison.Ordinal));
    }

    [Fact]
    public void HundredInstancesOnTwoHosts_EveryVipOneMasterThePreferredOne()
    {
        const int Vips = 100;
        using UcarpCluster cluster = UcarpCluster.Create(hosts: 2);
        // Host 0 prefers the odd vhids, host 1 the even ones; -P makes the start order irrelevant. -n
        // spares the 200 down scripts at start, which would only load the machine.
        string Preference(int host, int vhid) => vhid % 2 == 1 - host ? "-k 0 -P" : "-k 100";
        using TestProcess first = StartInstances(cluster, 0, InstancesFile(cluster, 0, Enumerable.Range(1, Vips).Select(v => (v, Preference(0, v)))), "-n");
        using TestProcess second = StartInstances(cluster, 1, InstancesFile(cluster, 1, Enumerable.Range(1, Vips).Select(v => (v, Preference(1, v)))), "-n");

        int[] expected = [.. Enumerable.Range(1, Vips).Select(v => v % 2 == 1 ? 0 : 1)];
        AssertHolders(cluster, expected, "both started", first, second);
        // A second look a few adverts later: no VIP moved or doubled.
        Thread.Sleep(TimeSpan.FromSeconds(3));
        Assert.Equal(expected, Holders(cluster, Vips));
    }

    [Fact]
    public void Takeover_EveryInstance_AdvertisesItsVhidAndAnnouncesItsVip()
    {
        using UcarpCluster cluster = UcarpCluster.Create(hosts: 2);
        // Started first (see below); stops at 12 frames: a second of adverts after the takeovers' ARPs.
        using FrameCapture capture = FrameCapture.Start(cluster, 1, "arp or ip proto 112", 12);
        using TestProcess ours = StartInstances(cluster, 0, InstancesFile(cluster, 0, [(1, ""), (2, ""), (3, "")]));
        AssertHolders(cluster, [0, 0, 0], "ours alone", ours);

        byte[][] frames = [.. capture.Frames()];
        // ARP: the sender's IP address follows the 8-byte header and the sender's MAC.
        string[] announced = [.. frames.Where(f => f[12] == 0x08 && f[13] == 0x06)
            .Select(f => new System.Net.IPAddress(f.AsSpan(EthernetHeader.Size + 14, 4)).ToString()).Distinct().Order(StringComparer.Ordinal)];
        int[] advertised = [.. frames.Where(f => f[12] == 0x08 && f[13] == 0x00 && f[23] == 112)
            .Select(f => (int)f[EthernetHeader.Size + 20 + 1]).Distinct().Order()];
        Assert.Equal([Vip(1), Vip(2), Vip(3)], announced);
        Assert.Equal([1, 2, 3], advertised);
    }

    [Fact]
    public void Terminate_WithShutdown_EveryInstanceBowsOutAndRunsItsDownScript()
    {
        using UcarpCluster cluster = UcarpCluster.Create(hosts: 2);
        // Bow-outs only: advbase (the CARP header's sixth byte, after a 20-byte IP header) 255. Started
        // first: tshark says "Capturing on" a moment before its filter is in place.
        using FrameCapture capture = FrameCapture.Start(cluster, 1, "ip proto 112 and ip[25] == 255", 3);
        string file = InstancesFile(cluster, 0, [(1, ""), (2, "-x second"), (3, "")]);
        using TestProcess ours = StartInstances(cluster, 0, file);
        AssertHolders(cluster, [0, 0, 0], "ours alone", ours);

        ours.Signal(Tmds.Linux.LibC.SIGTERM);

        Assert.True(ours.WaitForExit(TimeSpan.FromSeconds(20)), string.Join('\n', ours.Lines));
        Assert.Equal(0, ours.ExitCode);
        Assert.Equal([-1, -1, -1], Holders(cluster, 3));
        string[] downs = [.. cluster.ScriptCalls().Where(c => c.StartsWith("vip-down", StringComparison.Ordinal) && c.Contains("reason=Shutdown", StringComparison.Ordinal))];
        Assert.Equal(
            [$"vip-down eth0 {Vip(1)} state=BACKUP previous=MASTER vhid=1 reason=Shutdown",
             $"vip-down eth0 {Vip(2)} second state=BACKUP previous=MASTER vhid=2 reason=Shutdown",
             $"vip-down eth0 {Vip(3)} state=BACKUP previous=MASTER vhid=3 reason=Shutdown"],
            downs.Order(StringComparer.Ordinal));
        byte[][] bowOuts = [.. capture.Frames()];
        Assert.Equal([1, 2, 3], bowOuts.Select(f => (int)f[EthernetHeader.Size + 20 + 1]).Order());
        Assert.All(bowOuts, f => Assert.Equal((255, 255), (f[EthernetHeader.Size + 20 + 2], f[EthernetHeader.Size + 20 + 5])));
    }
}
