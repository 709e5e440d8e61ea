using Ucarp.Protocol.Engine;
using Ucarp.Tests.Fakes;

namespace Ucarp.Tests.Engine;

/// <summary>The master-down timer runs from when the master's advertisement arrived (the kernel's receive timestamp).</summary>
public class ReceiveTimestampTests
{
    /// <summary>A master, a backup that has heard it, and the master's next advert, held back for the test to hand over.</summary>
    private static (FakeLan.Node Backup, byte[] Advert) BackupHearingMaster()
    {
        var lan = new FakeLan();
        FakeLan.Node master = lan.Add("198.18.0.1", c => c with { AdvSkew = 0 });
        lan.RunUntil(() => master.State == CarpState.Master, TimeSpan.FromSeconds(4));
        FakeLan.Node backup = lan.Add("198.18.0.2", c => c with { AdvSkew = 100 });
        lan.RunFor(TimeSpan.FromSeconds(1.5));
        Assert.Equal(CarpState.Backup, backup.State);
        backup.Connected = false;
        int sent = master.Sent.Count;
        _ = lan.RunUntil(() => master.Sent.Skip(sent).Any(s => FakeLan.Node.IsAdvert(s.Frame)), TimeSpan.FromSeconds(2));
        backup.Connected = true;
        return (backup, master.Sent.Skip(sent).First(s => FakeLan.Node.IsAdvert(s.Frame)).Frame);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(250, 250)]        // queued 250 ms: the timer runs out 250 ms sooner
    [InlineData(-40, 0)]          // a wall clock stepped back under the timestamp: nothing credited
    [InlineData(60_000, -1)]      // a backlog or a clock stepped forward: at most half the interval
    public void Backup_AdvertQueuedFor_MasterDownCountsFromArrival(int queuedMs, int creditedMs)
    {
        (FakeLan.Node backup, byte[] advert) = BackupHearingMaster();
        TimeSpan interval = backup.Config.MasterDownInterval;
        TimeSpan credited = creditedMs < 0 ? interval / 2 : TimeSpan.FromMilliseconds(creditedMs);

        backup.Engine.OnFrame(advert, TimeSpan.FromMilliseconds(queuedMs));
        Assert.Equal([], backup.Events.Drops);

        Assert.Equal(interval - credited, backup.Engine.TimeUntilNextDeadline);
    }

    [Fact]
    public void Backup_AdvertQueuedLongAgo_StillNoTakeoverBeforeHalfTheInterval()
    {
        (FakeLan.Node backup, byte[] advert) = BackupHearingMaster();

        backup.Engine.OnFrame(advert, TimeSpan.FromHours(1));
        backup.Engine.OnTimer();

        Assert.Equal(CarpState.Backup, backup.State);
    }
}
