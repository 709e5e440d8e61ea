using System.Text.Json;

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
        Assert.Contains(observer.Lines, l => l.Contains("new carp advertiser vhid 7 198.18.0.1 (00:00:5e:00:00:07) advbase 1 advskew 0 ttl 255 multicast digest ok vip 198.18.0.100 state master", StringComparison.Ordinal));
        Assert.Contains(observer.Lines, l => l.StartsWith("7     198.18.0.1      00:00:5e:00:00:07 carp     1/0      255", StringComparison.Ordinal));
        Assert.Contains(observer.Lines, l => l.StartsWith("frames: total ", StringComparison.Ordinal));
        Assert.Equal("alarms raised: 0", observer.Lines[^1]);
    }

    // (source, digest, vip) of each advertiser in the vhid's summary line.
    private static List<(string?, string?, string?)> Advertisers(List<JsonElement> events, int vhid)
    {
        JsonElement summary = Assert.Single(events, e => Text(e, "event") == "summary" && e.GetProperty("vhid").GetInt32() == vhid);
        return [.. summary.GetProperty("advertisers").EnumerateArray().Select(a => (Text(a, "source"), Text(a, "digest"), Text(a, "vip")))];
    }

    private static string? Text(JsonElement e, string name) => e.GetProperty(name).GetString();
}
