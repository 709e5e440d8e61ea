using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Ucarp.Cli.Linux;
using Ucarp.Protocol;
using Ucarp.Protocol.Auth;
using Ucarp.Protocol.Packets;
using Ucarp.Tests.Observe;

namespace Ucarp.Tests.Network;

[Trait("Category", "Privileged")]
public class ObserveTests
{
    private static readonly TimeSpan Election = TimeSpan.FromSeconds(8);

    [Fact]
    public void Observe_PairOriginalAndSplitVhid_ReportsEachAdvertiserAndTwoMastersOnlyForTheSplit()
    {
        UcarpCluster.SkipUnlessOriginalInstalled();
        using UcarpCluster cluster = UcarpCluster.Create(6);
        // vhid 7: a healthy pair of ours. vhid 8: Debian's ucarp alone. vhid 9: one host with a wrong password.
        using TestProcess master = cluster.StartMaster();
        using TestProcess backup = cluster.StartBackup();
        using TestProcess original = cluster.StartOriginal(2, "-v", "8", "-a", "198.18.0.108");
        using TestProcess right = cluster.StartOurs(3, "-v", "9", "-a", "198.18.0.109");
        using TestProcess wrong = cluster.StartOurs(4, "-v", "9", "-a", "198.18.0.109", "-p", "wrong");
        Assert.True(UcarpCluster.WaitUntil(() => TestNetwork.HasAddress(cluster.Hosts[2], "198.18.0.108"), Election));
        Assert.NotNull(right.WaitForLine("Switching to state: MASTER", Election));
        Assert.NotNull(wrong.WaitForLine("Switching to state: MASTER", Election));

        using TestProcess observer = cluster.Network.StartProcess(cluster.Hosts[5].Namespace, UcarpCluster.OursBinary,
            "-i", "eth0", "-p", "test-pass", "--log-format=json", "--observe=8");

        Assert.True(observer.WaitForExit(TimeSpan.FromSeconds(30)), string.Join("\n", observer.Lines));
        string output = string.Join("\n", observer.Lines);
        Assert.True(observer.ExitCode == 3, output);
        List<JsonElement> events = [.. observer.Lines.Select(l => JsonDocument.Parse(l).RootElement)];

        Assert.Equal(("198.18.0.1", "ok", "198.18.0.100"), Assert.Single(Advertisers(events, 7)));
        Assert.Equal(("198.18.0.3", "ok", "198.18.0.108"), Assert.Single(Advertisers(events, 8)));
        Assert.Equal([("198.18.0.4", "ok", "198.18.0.109"), ("198.18.0.5", "bad", null)], Advertisers(events, 9));

        List<JsonElement> alarms = [.. events.Where(e => Text(e, "event") == "alarm" && Text(e, "state") == "raised")];
        Assert.Contains(alarms, a => Text(a, "kind") == "two-masters" && a.GetProperty("vhid").GetInt32() == 9);
        Assert.All(alarms, a => Assert.Equal(9, a.GetProperty("vhid").GetInt32()));
        JsonElement twoMasters = alarms.First(a => Text(a, "kind") == "two-masters");
        Assert.Equal(["198.18.0.4", "198.18.0.5"], twoMasters.GetProperty("sources").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public void Observe_NoSuchInterface_OneLineAndExitTwo()
    {
        UcarpCluster.SkipUnlessPrivileged();
        ExecResult result = TestNetwork.Run(UcarpCluster.OursBinary, ["--observe=1", "-i", "nosuch0"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Stdout);
        string line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("[ERROR] Unable to find interface [nosuch0]: No such device", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Observe_TextOutput_NamesTheAdvertiserAndEndsWithTheTable()
    {
        using UcarpCluster cluster = UcarpCluster.Create(2);
        using TestProcess master = cluster.StartMaster();

        using TestProcess observer = cluster.Network.StartProcess(cluster.Hosts[1].Namespace, UcarpCluster.OursBinary,
            "-i", "eth0", "-p", "test-pass", "-v", "7", "--observe=3");

        Assert.True(observer.WaitForExit(TimeSpan.FromSeconds(20)));
        Assert.Equal(0, observer.ExitCode);
        Assert.Contains(observer.Lines, l => l.Contains("new carp advertiser vhid 7 ipv4 198.18.0.1 (00:00:5e:00:00:07) advbase 1 advskew 0 ttl 255 multicast digest ok vip 198.18.0.100 state master", StringComparison.Ordinal));
        Assert.Contains(observer.Lines, l => l.StartsWith("7     198.18.0.1      00:00:5e:00:00:07 carp     1/0      255", StringComparison.Ordinal));
        Assert.Contains(observer.Lines, l => l.StartsWith("frames: total ", StringComparison.Ordinal));
        Assert.Equal("alarms raised: 0", observer.Lines[^1]);
    }

    [Fact]
    public void Observe_Ipv6PairFromAThirdHost_OneMasterNoAlarmThenAForgedSecondMasterRaisesTwoMasters()
    {
        using UcarpCluster cluster = UcarpCluster.Create(4, ipv6: true);
        using TestProcess master = cluster.StartMaster();
        using TestProcess backup = cluster.StartBackup();
        string[] observe = ["-i", "eth0", "-p", "test-pass", "--log-format=json"];

        using (TestProcess healthy = cluster.Network.StartProcess(cluster.Hosts[3].Namespace, UcarpCluster.OursBinary, [.. observe, "--observe=4"]))
        {
            Assert.True(healthy.WaitForExit(TimeSpan.FromSeconds(30)), string.Join("\n", healthy.Lines));
            Assert.True(healthy.ExitCode == 0, string.Join("\n", healthy.Lines));
            List<JsonElement> events = [.. healthy.Lines.Select(l => JsonDocument.Parse(l).RootElement)];
            Assert.Equal(("2001:db8::1", "ok", "2001:db8::100"), Assert.Single(Advertisers(events, 7)));
            Assert.Equal("ipv6", Text(events.Single(e => Text(e, "event") == "summary"), "family"));
            Assert.DoesNotContain(events, e => Text(e, "event") == "alarm");
        }

        // Host 2 advertises vhid 7 too, with the password and a worse advskew: the real master stays,
        // and the observer sees two sources advertising together.
        using TestProcess observer = cluster.Network.StartProcess(cluster.Hosts[3].Namespace, UcarpCluster.OursBinary, [.. observe, "--observe=12"]);
        Assert.NotNull(observer.WaitForLine("\"event\":\"advert\"", TimeSpan.FromSeconds(8)));
        int sent = TestNetwork.RunInNamespace(cluster.Hosts[2].Namespace, () => SendIpv6Adverts(cluster.Hosts[2], TimeSpan.FromSeconds(8)));

        Assert.True(observer.WaitForExit(TimeSpan.FromSeconds(40)), string.Join("\n", observer.Lines));
        string output = string.Join("\n", observer.Lines);
        Assert.True(sent > 20, output);
        Assert.True(observer.ExitCode == 3, output);
        List<JsonElement> seen = [.. observer.Lines.Select(l => JsonDocument.Parse(l).RootElement)];
        JsonElement twoMasters = Assert.Single(seen, e => Text(e, "event") == "alarm" && Text(e, "state") == "raised");
        Assert.Equal(("two-masters", "ipv6"), (Text(twoMasters, "kind"), Text(twoMasters, "family")));
        Assert.Equal(["2001:db8::1", "2001:db8::3"], twoMasters.GetProperty("sources").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal([0], cluster.Masters());
    }

    [Fact]
    public void Observe_FloodOfForgedSourcesThenARealRogueMaster_TableFullAndTwoMastersRaised()
    {
        UcarpCluster.SkipUnlessOriginalInstalled();
        using UcarpCluster cluster = UcarpCluster.Create(4);
        using TestProcess master = cluster.StartMaster();
        using TestProcess observer = cluster.Network.StartProcess(cluster.Hosts[3].Namespace, UcarpCluster.OursBinary,
            "-i", "eth0", "-p", "test-pass", "-v", "7", "--log-format=json", "--observe=40");
        Assert.NotNull(observer.WaitForLine("\"event\":\"advert\"", TimeSpan.FromSeconds(8)));

        // Host 1 forges 1,100 sources, one advert each, a fresh 1,100 again while a loaded host dropped so many
        // that the table did not fill; then Debian's ucarp on host 2, with another password, takes the vhid as
        // a second master (each ignores the other's adverts).
        int forged = 0;
        for (int round = 0; round < 8 && observer.WaitForLine("\"kind\":\"table-full\"", TimeSpan.FromSeconds(round == 0 ? 0 : 2)) is null; round++)
        {
            forged += TestNetwork.RunInNamespace(cluster.Hosts[1].Namespace, () => SendForgedSources(cluster.Hosts[1], cluster.Vip, round, 1100));
        }
        using TestProcess rogue = cluster.StartOriginal(2, "-p", "rogue-pass");
        Assert.True(UcarpCluster.WaitUntil(() => TestNetwork.HasAddress(cluster.Hosts[2], cluster.Vip), Election));

        Assert.True(observer.WaitForExit(TimeSpan.FromSeconds(60)), string.Join("\n", observer.Lines));
        string output = string.Join("\n", observer.Lines);
        Assert.True(forged >= 1100, output);
        Assert.True(observer.ExitCode == 3, output);
        List<JsonElement> events = [.. observer.Lines.Select(l => JsonDocument.Parse(l).RootElement)];
        List<JsonElement> raised = [.. events.Where(e => Text(e, "event") == "alarm" && Text(e, "state") == "raised")];
        Assert.Single(raised, a => Text(a, "kind") == "table-full");
        JsonElement twoMasters = Assert.Single(raised, a => Text(a, "kind") == "two-masters");
        Assert.Equal(["198.18.0.1", "198.18.0.3"], twoMasters.GetProperty("sources").EnumerateArray().Select(s => s.GetString()));
        Assert.Contains(("198.18.0.3", "bad", null), Advertisers(events, 7));
        Assert.True(events.Count(e => Text(e, "event") == "advert") <= 100 + 10 * 40, output);
    }

    // One advert of vhid 7 from each of count forged sources, 198.18.64.1 on for round 0 and five /24s further each round,
    // paced so the observer's receive queue mostly keeps up.
    private static int SendForgedSources(TestHost from, string vip, int round, int count)
    {
        NetDevice device = NetDevice.Query(from.Interface);
        using CarpPacketSocket socket = CarpPacketSocket.Open(device.Index, 7, from.Address);
        int sent = 0;
        for (int i = 0; i < count; i++)
        {
            string source = $"198.18.{64 + 5 * round + i / 250}.{1 + i % 250}";
            if (socket.Send(ObserveFrames.Carp(source, 7, "test-pass", vip, 1)) == 0)
            {
                sent++;
            }
            if (i % 50 == 49)
            {
                Thread.Sleep(20);   // pacing the forger, not waiting for the system
            }
        }
        return sent;
    }

    // Adverts of vhid 7 for the cluster's VIP from the host's IPv6 address, advskew 100, every 250 ms for the given time.
    private static int SendIpv6Adverts(TestHost from, TimeSpan duration)
    {
        NetDevice device = NetDevice.Query(from.Interface);
        using CarpPacketSocket socket = CarpPacketSocket.Open(device.Index, 7, from.Ipv6Address);
        UInt128 source = CarpAddress.FromIPAddress(from.Ipv6Address).Value;
        CarpDigest digest = CarpDigest.ForIpv6("test-pass"u8, 7, CarpAddress.FromIPAddress(IPAddress.Parse("2001:db8::100")).Value, linkLocalIncluded: false);
        byte[] frame = new byte[Ipv6AdvertisementFrame.Size];
        int sent = 0;
        var clock = Stopwatch.StartNew();
        for (ulong counter = 1; clock.Elapsed < duration; counter++)
        {
            Ipv6AdvertisementFrame.Write(frame, new CarpHeader(CarpConstants.VersionAndType, 7, 100, 1, counter), source, digest);
            if (socket.Send(frame) == 0)
            {
                sent++;
            }
            Thread.Sleep(250);   // pacing the forger, not waiting for the system
        }
        return sent;
    }

    // (source, digest, vip) of each advertiser in the vhid's summary line.
    private static List<(string?, string?, string?)> Advertisers(List<JsonElement> events, int vhid)
    {
        JsonElement summary = Assert.Single(events, e => Text(e, "event") == "summary" && e.GetProperty("vhid").GetInt32() == vhid);
        return [.. summary.GetProperty("advertisers").EnumerateArray().Select(a => (Text(a, "source"), Text(a, "digest"), Text(a, "vip")))];
    }

    private static string? Text(JsonElement e, string name) => e.GetProperty(name).GetString();
}
