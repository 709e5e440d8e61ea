using System.Diagnostics;

namespace Ucarp.Tests.Network;

/// <summary>A storm of forged advertisements must neither fill the logs nor unseat the master.</summary>
[Trait("Category", "Privileged")]
public class FloodTests
{
    [Fact]
    public void ForgedAdvertFlood_BackupStaysBackup_WarningsStayRateLimited()
    {
        using UcarpCluster cluster = UcarpCluster.Create(3);
        using TestProcess a = cluster.StartMaster();
        using TestProcess b = cluster.StartBackup();
        Thread.Sleep(1000);

        // 20,000 frames from the third host: our vhid, a preferred interval, a wrong digest.
        TestHost attacker = cluster.Hosts[2];
        var clock = Stopwatch.StartNew();
        int sent = TestNetwork.RunInNamespace(attacker.Namespace, () => SendForged(attacker, 20_000));
        TimeSpan took = clock.Elapsed;
        Thread.Sleep(500);

        Assert.Equal(20_000, sent);
        Assert.Equal([0], cluster.Masters());
        Assert.Null(b.WaitForLine("Switching to state: MASTER", TimeSpan.Zero));
        int allowed = (int)Math.Ceiling(took.TotalSeconds + 1.5) + 1;
        Assert.InRange(a.Lines.Count(l => l.Contains("Bad digest", StringComparison.Ordinal)), 1, allowed);
        Assert.InRange(b.Lines.Count(l => l.Contains("Bad digest", StringComparison.Ordinal)), 1, allowed);
    }

    private static int SendForged(TestHost from, int count)
    {
        using var sender = new AdvertSender(from, "not-the-password");
        int sent = 0;
        for (int i = 0; i < count; i++)
        {
            if (sender.Send(1, 0, (ulong)i, (ushort)i))
            {
                sent++;
            }
        }
        return sent;
    }
}
