using Ucarp.Tests.Fakes;

namespace Ucarp.Tests.Network;

[Trait("Category", "Privileged")]
public class ScriptTests
{
    private static readonly TimeSpan Election = TimeSpan.FromSeconds(8);

    [Fact]
    public void Scripts_GetInterfaceVipXparamAndEnvironment_InTransitionOrder()
    {
        using UcarpCluster cluster = UcarpCluster.Create(1);
        using TestProcess a = cluster.StartMaster("-x", "extra-param");

        Assert.True(UcarpCluster.WaitUntil(() => cluster.ScriptCalls().Count >= 2, TimeSpan.FromSeconds(2)));
        Assert.Equal(
            [
                "vip-down eth0 198.18.0.100 extra-param state=BACKUP previous=INIT vhid=7 reason=Startup",
                "vip-up eth0 198.18.0.100 extra-param state=MASTER previous=BACKUP vhid=7 reason=MasterDown",
            ],
            cluster.ScriptCalls());
        Assert.NotNull(a.WaitForLine("[WARNING] Spawning [" + cluster.UpScript + " eth0 198.18.0.100 extra-param]", TimeSpan.Zero));
        Assert.NotNull(a.WaitForLine("ended with exit status 0", TimeSpan.FromSeconds(1)));
    }

    // A path (and -x) holding a byte that is not UTF-8 must reach exec as typed.
    [Fact]
    public void UpScriptPathAndXparamNotUtf8_ScriptRunsWithThoseBytes()
    {
        using UcarpCluster cluster = UcarpCluster.Create(1);
        string upStem = Path.Combine(cluster.WorkDirectory, "up");
        RawNames.Shell("cp \"$1\" \"$2$(printf '\\377')\"", cluster.UpScript, upStem);

        using TestProcess a = cluster.StartWithShellWords(0, UcarpCluster.OursBinary,
            $"-u \"{upStem}$(printf '\\377')\" -x \"$(printf 'x\\376')\"");

        Assert.True(cluster.WaitForSingleMaster(0, Election), string.Join("\n", a.Lines));
        byte[] calls = File.ReadAllBytes(cluster.EventsFile);
        byte[] expected = [.. "up"u8, 0xFF, .. " eth0 198.18.0.100 x"u8, 0xFE, .. " state=MASTER"u8];
        Assert.True(calls.AsSpan().IndexOf(expected) >= 0,
            string.Join("\n", cluster.ScriptCalls()));
    }

    [Fact]
    public void SlowUpScript_AdvertisingGoesOn_PeerNeverTakesOver()
    {
        using UcarpCluster cluster = UcarpCluster.Create(2);
        cluster.WriteScript("slow-up", "sleep 8; ip addr add \"$2\"/24 dev eth0");
        using TestProcess a = cluster.StartOurs(0, "-u", Path.Combine(cluster.WorkDirectory, "slow-up"));
        Assert.NotNull(a.WaitForLine("Switching to state: MASTER", Election));
        using TestProcess b = cluster.StartOurs(1);

        // The original stops advertising while a script runs: its peer would take over after 3 s.
        Assert.True(UcarpCluster.WaitUntil(() => cluster.Masters().Count == 1, TimeSpan.FromSeconds(10)));
        Assert.Equal([0], cluster.Masters());
        Assert.Null(b.WaitForLine("Switching to state: MASTER", TimeSpan.Zero));
    }

    [Fact]
    public void AliasLabel_DeviceBeforeColonIsUsed_ScriptsGetLabelAsTyped()
    {
        using UcarpCluster cluster = UcarpCluster.Create(1);
        using TestProcess a = cluster.StartMaster("-i", "eth0:carp0");
        Assert.Contains(cluster.ScriptCalls(), l => l.StartsWith("vip-up eth0:carp0 198.18.0.100", StringComparison.Ordinal));
    }

    [Fact]
    public void Scripts_InheritNoSocketsAndDefaultSignalMask()
    {
        using UcarpCluster cluster = UcarpCluster.Create(1);
        string report = Path.Combine(cluster.WorkDirectory, "fds");
        cluster.WriteScript("probe-down", $"ls -l /proc/$$/fd > {report}; grep -E '^Sig(Blk|Ign)' /proc/$$/status >> {report}");
        using TestProcess a = cluster.StartOurs(0, "-d", Path.Combine(cluster.WorkDirectory, "probe-down"));

        Assert.True(UcarpCluster.WaitUntil(() => File.Exists(report) && File.ReadAllText(report).Contains("SigIgn", StringComparison.Ordinal), TimeSpan.FromSeconds(5)));
        string text = File.ReadAllText(report);
        Assert.DoesNotContain("socket:", text, StringComparison.Ordinal);
        Assert.DoesNotContain("anon_inode", text, StringComparison.Ordinal);
        Assert.Contains("SigBlk:\t0000000000000000", text, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingScript_IsLoggedAndDaemonCarriesOn()
    {
        using UcarpCluster cluster = UcarpCluster.Create(1);
        using TestProcess a = cluster.StartOurs(0, "-u", "/nonexistent/up-script");

        Assert.NotNull(a.WaitForLine("Unable to exec /nonexistent/up-script", Election));
        Thread.Sleep(1500);
        Assert.False(a.HasExited);
        Assert.NotNull(a.WaitForLine("Switching to state: MASTER", TimeSpan.Zero));
    }
}
