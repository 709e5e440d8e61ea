namespace Ucarp.Tests.Network;

/// <summary>
/// "--observe 5" as a newcomer types it: the 5 is an operand (GNU getopt), so the observer watches
/// until stopped; it says so at once instead of watching in silence.
/// </summary>
[Trait("Category", "Privileged")]
public sealed class ObserveStartTests
{
    [Fact]
    public void Observe_SecondsAsASeparateWord_WarnsSaysWhatItWatchesAndRunsUntilSigterm()
    {
        using UcarpCluster cluster = UcarpCluster.Create(hosts: 1);
        using TestProcess observer = cluster.Network.StartProcess(cluster.Hosts[0].Namespace, UcarpCluster.OursBinary,
            "--observe", "1", "-i", "eth0", "-f", "none");
        string output() => string.Join('\n', observer.Lines);

        Assert.NotNull(observer.WaitForLine(
            "[WARNING] --observe takes its seconds after '=': [1] is ignored and this watches until Ctrl-C (--observe=1 watches 1 s)", TimeSpan.FromSeconds(30)));
        Assert.NotNull(observer.WaitForLine(
            ": watching [eth0] for CARP and VRRP adverts of every vhid, IPv4 and IPv6, until Ctrl-C or SIGTERM, then a summary", TimeSpan.FromSeconds(30)));
        // Well past the 1 s the user meant: the observer must still be watching.
        Assert.False(observer.WaitForExit(TimeSpan.FromSeconds(3)), output());

        observer.Signal(Tmds.Linux.LibC.SIGTERM);
        Assert.True(observer.WaitForExit(TimeSpan.FromSeconds(30)), output());
        Assert.True(observer.ExitCode == 0, output());
        Assert.Contains(observer.Lines, l => l.StartsWith("alarms raised: 0", StringComparison.Ordinal));
    }

    [Fact]
    public void Observe_SecondsAfterEquals_StartLineSaysHowLongAndItEnds()
    {
        using UcarpCluster cluster = UcarpCluster.Create(hosts: 1);
        using TestProcess observer = cluster.Network.StartProcess(cluster.Hosts[0].Namespace, UcarpCluster.OursBinary,
            "--observe=1", "-i", "eth0", "-v", "9", "-f", "none");

        Assert.True(observer.WaitForExit(TimeSpan.FromSeconds(30)), string.Join('\n', observer.Lines));
        Assert.Contains(observer.Lines, l => l.EndsWith(
            ": watching [eth0] for CARP and VRRP adverts of vhid 9, IPv4 and IPv6, for 1 s (Ctrl-C or SIGTERM ends it sooner), then a summary", StringComparison.Ordinal));
        Assert.DoesNotContain(observer.Lines, l => l.Contains("[WARNING]", StringComparison.Ordinal));
    }
}
