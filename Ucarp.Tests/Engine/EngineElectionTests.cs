using Ucarp.Protocol.Engine;
using Ucarp.Protocol.Packets;
using Ucarp.Tests.Fakes;

namespace Ucarp.Tests.Engine;

public class EngineElectionTests
{
    private static readonly TimeSpan Dead = TimeSpan.FromSeconds(3);

    [Fact]
    public void Start_AlonePeer_BackupThenMasterAfterDeadInterval()
    {
        var lan = new FakeLan();
        FakeLan.Node a = lan.Add("198.18.0.1");

        Assert.Equal(CarpState.Backup, a.State);
        Assert.Equal(new StateChange(CarpState.Init, CarpState.Backup, TransitionReason.Startup, true), a.Events.Changes[0]);
        lan.RunFor(Dead - TimeSpan.FromMilliseconds(1));
        Assert.Equal(CarpState.Backup, a.State);
        lan.RunFor(TimeSpan.FromMilliseconds(1));
        Assert.Equal(CarpState.Master, a.State);
        Assert.Equal(TransitionReason.MasterDown, a.Events.Changes[1].Reason);
    }

    [Fact]
    public void Start_TwoPeersAtOnce_LowerTieBreakAddressWinsAndStays()
    {
        var lan = new FakeLan();
        FakeLan.Node a = lan.Add("198.18.0.1");
        FakeLan.Node b = lan.Add("198.18.0.2");

        lan.RunFor(TimeSpan.FromSeconds(30));

        Assert.Equal(CarpState.Master, a.State);
        Assert.Equal(CarpState.Backup, b.State);
        Assert.Equal(TransitionReason.PreferredMaster, b.Events.Changes[^1].Reason);
        Assert.Equal(["Backup:Startup", "Master:MasterDown", "Backup:PreferredMaster"], b.Events.Log);
        Assert.Equal(["Backup:Startup", "Master:MasterDown"], a.Events.Log);
    }

    [Fact]
    public void Start_StaggeredPeers_FirstBecomesMasterSecondNeverDoes()
    {
        var lan = new FakeLan();
        FakeLan.Node b = lan.Add("198.18.0.2");
        lan.RunFor(TimeSpan.FromSeconds(4));
        FakeLan.Node a = lan.Add("198.18.0.1");
        lan.RunFor(TimeSpan.FromSeconds(60));

        Assert.Equal(CarpState.Master, b.State);
        Assert.Equal(CarpState.Backup, a.State);
        Assert.DoesNotContain(a.Events.Changes, c => c.To == CarpState.Master);
    }

    [Fact]
    public void MasterLost_BackupTakesOverExactlyOneDeadIntervalAfterLastAdvert()
    {
        var lan = new FakeLan();
        FakeLan.Node a = lan.Add("198.18.0.1");
        lan.RunFor(TimeSpan.FromSeconds(4));
        FakeLan.Node b = lan.Add("198.18.0.2");
        lan.RunFor(TimeSpan.FromSeconds(10.5));
        Assert.Equal(CarpState.Master, a.State);

        a.Connected = false;
        TimeSpan lastAdvert = b.Received.Max(r => r.At);
        lan.RunUntil(() => b.State == CarpState.Master, TimeSpan.FromSeconds(5));

        TimeSpan takeover = b.SentAdverts.First().At;
        Assert.Equal(lastAdvert + Dead, takeover);
        Assert.Equal(TransitionReason.MasterDown, b.Events.Changes[^1].Reason);
    }

    [Fact]
    public void HeardMaster_BackupKnowsTheMasterUntilItTakesOverOrLosesLink()
    {
        var lan = new FakeLan();
        FakeLan.Node a = lan.Add("198.18.0.1");
        lan.RunFor(TimeSpan.FromSeconds(4));
        FakeLan.Node b = lan.Add("198.18.0.2");
        Assert.Null(b.Engine.HeardMaster);
        lan.RunFor(TimeSpan.FromSeconds(2));

        Assert.Equal(Ipv4.ToUInt32(a.Config.SourceAddress), b.Engine.HeardMaster);
        Assert.Null(a.Engine.HeardMaster);

        b.Engine.OnLinkChanged(false);
        Assert.Null(b.Engine.HeardMaster);
        b.Engine.OnLinkChanged(true);
        lan.RunFor(TimeSpan.FromSeconds(2));
        Assert.Equal(Ipv4.ToUInt32(a.Config.SourceAddress), b.Engine.HeardMaster);

        a.Connected = false;
        lan.RunUntil(() => b.State == CarpState.Master, TimeSpan.FromSeconds(5));
        Assert.Null(b.Engine.HeardMaster);
    }

    [Fact]
    public void OldMasterReturns_SeesNewMasterAndSettlesAsBackup()
    {
        var lan = new FakeLan();
        FakeLan.Node a = lan.Add("198.18.0.2");
        lan.RunFor(TimeSpan.FromSeconds(4));
        FakeLan.Node b = lan.Add("198.18.0.1");
        lan.RunFor(TimeSpan.FromSeconds(5));
        a.Connected = false;
        lan.RunFor(TimeSpan.FromSeconds(5));
        Assert.Equal(CarpState.Master, b.State);

        a.Engine.OnLinkChanged(false);
        Assert.Equal(CarpState.Backup, a.State);
        a.Connected = true;
        a.Engine.OnLinkChanged(true);
        lan.RunFor(TimeSpan.FromSeconds(30));

        Assert.Equal(CarpState.Master, b.State);
        Assert.Equal(CarpState.Backup, a.State);
    }

    [Fact]
    public void Preempt_FasterBackupWithPreempt_TakesOverOnFirstAdvert()
    {
        var lan = new FakeLan();
        FakeLan.Node slow = lan.Add("198.18.0.1", c => c with { AdvSkew = 100 });
        lan.RunFor(TimeSpan.FromSeconds(4));
        FakeLan.Node fast = lan.Add("198.18.0.2", c => c with { AdvSkew = 10, Preempt = true });

        lan.RunUntil(() => fast.State == CarpState.Master, TimeSpan.FromSeconds(1.5));

        Assert.Equal(TransitionReason.Preemption, fast.Events.Changes[^1].Reason);
        lan.RunFor(TimeSpan.FromSeconds(10));
        Assert.Equal(CarpState.Backup, slow.State);
        Assert.Equal(TransitionReason.PreferredMaster, slow.Events.Changes[^1].Reason);
    }

    [Fact]
    public void Preempt_FasterBackupWithoutPreempt_StaysBackup()
    {
        var lan = new FakeLan();
        FakeLan.Node slow = lan.Add("198.18.0.1", c => c with { AdvSkew = 100 });
        lan.RunFor(TimeSpan.FromSeconds(4));
        FakeLan.Node fast = lan.Add("198.18.0.2", c => c with { AdvSkew = 10 });

        lan.RunFor(TimeSpan.FromSeconds(60));

        Assert.Equal(CarpState.Master, slow.State);
        Assert.Equal(CarpState.Backup, fast.State);
    }

    [Theory]
    // ucarp compares s_addr as a little-endian integer: the last octet weighs most.
    [InlineData("10.0.1.2", "10.0.2.1", "10.0.2.1")]
    [InlineData("10.0.2.1", "10.0.1.2", "10.0.2.1")]
    [InlineData("198.18.0.1", "198.18.0.2", "198.18.0.1")]
    [InlineData("198.18.1.9", "198.18.2.9", "198.18.1.9")]
    [InlineData("1.0.0.2", "2.0.0.1", "2.0.0.1")]
    public void Partition_EqualMastersMeet_ByteReversedLowerAddressKeepsMastership(string first, string second, string winner)
    {
        var lan = new FakeLan();
        FakeLan.Node a = lan.Add(first);
        FakeLan.Node b = lan.Add(second);
        a.Connected = false;
        lan.RunFor(TimeSpan.FromSeconds(5));
        Assert.Equal(CarpState.Master, a.State);
        Assert.Equal(CarpState.Master, b.State);

        a.Connected = true;
        lan.RunFor(TimeSpan.FromSeconds(60));

        FakeLan.Node expectedMaster = first == winner ? a : b;
        FakeLan.Node expectedBackup = first == winner ? b : a;
        Assert.Equal(CarpState.Master, expectedMaster.State);
        Assert.Equal(CarpState.Backup, expectedBackup.State);
        Assert.Equal(1, expectedBackup.Events.Changes.Count(c => c.Reason == TransitionReason.PreferredMaster));
        Assert.True(expectedMaster.Events.Reasserts >= 1);
    }

    [Fact]
    public void GoingToTimeOut_MasterAdvertisingSlowerThanDeadInterval_BackupTakesOver()
    {
        var lan = new FakeLan();
        FakeLan.Node slow = lan.Add("198.18.0.1", c => c with { AdvBase = 5 });
        lan.RunFor(TimeSpan.FromSeconds(16.5));
        Assert.Equal(CarpState.Master, slow.State);
        // Dead after 4 s: the next advert (at 20 s) comes first, announcing a 5 s interval.
        FakeLan.Node quick = lan.Add("198.18.0.2", c => c with { AdvBase = 1, DeadRatio = 4 });

        lan.RunUntil(() => quick.State == CarpState.Master, TimeSpan.FromSeconds(6));

        Assert.Equal(TransitionReason.MasterGoingToTimeOut, quick.Events.Changes[^1].Reason);
    }

    [Fact]
    public void DeadRatio_Five_WaitsFiveIntervals()
    {
        var lan = new FakeLan();
        FakeLan.Node a = lan.Add("198.18.0.1", c => c with { DeadRatio = 5, AdvSkew = 128 });
        lan.RunFor(TimeSpan.FromSeconds(5.5) - TimeSpan.FromMilliseconds(1));
        Assert.Equal(CarpState.Backup, a.State);
        lan.RunFor(TimeSpan.FromMilliseconds(1));
        Assert.Equal(CarpState.Master, a.State);
    }

    [Fact]
    public void AdvBaseZero_WithSkew_AdvertisesEverySkewAndWaitsDeadRatioIntervals()
    {
        var lan = new FakeLan();
        FakeLan.Node a = lan.Add("198.18.0.1", c => c with { AdvBase = 0, AdvSkew = 25 });
        TimeSpan interval = TimeSpan.FromMicroseconds(25 * 1_000_000 / 256);

        lan.RunFor(interval * 3);
        Assert.Equal(CarpState.Master, a.State);
        lan.RunFor(TimeSpan.FromSeconds(1));

        TimeSpan[] times = a.SentAdverts.Select(s => s.At).ToArray();
        Assert.True(times.Length > 8);
        Assert.All(times.Zip(times.Skip(1)), pair => Assert.Equal(interval, pair.Second - pair.First));
    }

    [Fact]
    public void AdvBaseZero_JitterShorterThanDeadRatioIntervals_BackupNeverFlaps()
    {
        var lan = new FakeLan();
        FakeLan.Node a = lan.Add("198.18.0.1", c => c with { AdvBase = 0, AdvSkew = 25 });
        lan.RunFor(TimeSpan.FromSeconds(1));
        FakeLan.Node b = lan.Add("198.18.0.2", c => c with { AdvBase = 0, AdvSkew = 25 });

        // Lose every other advert: a single-interval timer (the original) would fire; three do not.
        for (int i = 0; i < 200; i++)
        {
            a.Connected = i % 2 == 0;
            lan.RunFor(TimeSpan.FromMicroseconds(25 * 1_000_000 / 256));
        }

        Assert.Equal(CarpState.Backup, b.State);
        Assert.DoesNotContain(b.Events.Changes, c => c.To == CarpState.Master);
    }

    [Fact]
    public void Isolation_WrongPasswordOrWrongVip_BothBecomeMasterAndCountBadDigests()
    {
        var lan = new FakeLan();
        FakeLan.Node a = lan.Add("198.18.0.1");
        FakeLan.Node b = lan.Add("198.18.0.2", c => c with { Password = "other"u8.ToArray() });
        FakeLan.Node c3 = lan.Add("198.18.0.3", c => c with { VirtualAddress = System.Net.IPAddress.Parse("198.18.0.101") });

        lan.RunFor(TimeSpan.FromSeconds(10));

        Assert.All(new[] { a, b, c3 }, n => Assert.Equal(CarpState.Master, n.State));
        Assert.All(new[] { a, b, c3 }, n => Assert.Contains(Ucarp.Protocol.Packets.DropReason.BadDigest, n.Events.Drops));
        Assert.True(a.Engine.Statistics.Dropped(Ucarp.Protocol.Packets.DropReason.BadDigest) > 10);
    }

    [Fact]
    public void Neutral_Start_RunsNoDownScript()
    {
        var lan = new FakeLan();
        FakeLan.Node a = lan.Add("198.18.0.1", c => c with { Neutral = true });
        Assert.False(a.Events.Changes[0].RunScript);
        lan.RunFor(TimeSpan.FromSeconds(4));
        a.Engine.StepDown();
        Assert.True(a.Events.Changes[^1].RunScript);
    }
}
