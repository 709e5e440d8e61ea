using Ucarp.Protocol;
using Ucarp.Protocol.Engine;
using Ucarp.Protocol.Packets;
using Ucarp.Tests.Fakes;

namespace Ucarp.Tests.Engine;

public class HealthTests
{
    /// <summary>a master (advskew 0), b backup (advskew 50), settled.</summary>
    private static (FakeLan Lan, FakeLan.Node A, FakeLan.Node B) Pair(bool preemptA = false, bool preemptB = false)
    {
        var lan = new FakeLan();
        FakeLan.Node a = lan.Add("198.18.0.1", c => c with { Preempt = preemptA });
        lan.RunUntil(() => a.State == CarpState.Master, TimeSpan.FromSeconds(4));
        FakeLan.Node b = lan.Add("198.18.0.2", c => c with { AdvSkew = 50, Preempt = preemptB });
        lan.RunFor(TimeSpan.FromSeconds(5));
        Assert.Equal(CarpState.Master, a.State);
        Assert.Equal(CarpState.Backup, b.State);
        return (lan, a, b);
    }

    [Fact]
    public void UnhealthyMaster_BowsOutAndGoesBackup_BackupWithoutPreemptTakesOverAtOnce()
    {
        (FakeLan lan, FakeLan.Node a, FakeLan.Node b) = Pair();
        int sentBefore = a.Sent.Count;

        a.Engine.SetHealth(false);

        Assert.Equal(CarpState.Backup, a.State);
        Assert.Equal(new StateChange(CarpState.Master, CarpState.Backup, TransitionReason.Unhealthy, true), a.Events.Changes[^1]);
        Assert.Equal(1, a.Events.BowOuts);
        Assert.Equal((byte)255, FakeLan.Node.Header(a.Sent[sentBefore].Frame).AdvSkew);
        lan.Deliver();
        Assert.Equal(CarpState.Master, b.State);   // at once, not after its 3 s dead interval
        Assert.Equal(TransitionReason.MasterGoingToTimeOut, b.Events.Changes[^1].Reason);
    }

    [Fact]
    public void UnhealthyBackup_NoFlapping_StaysBackupWhileMasterIsHeard()
    {
        (FakeLan lan, FakeLan.Node a, FakeLan.Node b) = Pair(preemptA: true);
        a.Engine.SetHealth(false);
        int changes = a.Events.Changes.Count;

        lan.RunFor(TimeSpan.FromSeconds(60));

        Assert.Equal(CarpState.Backup, a.State);
        Assert.Equal(CarpState.Master, b.State);
        Assert.Equal(changes, a.Events.Changes.Count);
    }

    [Fact]
    public void UnhealthyBackup_AdvertisesDemotedSkew_WhenItHasToBeMaster()
    {
        (FakeLan lan, FakeLan.Node a, FakeLan.Node b) = Pair();
        a.Engine.SetHealth(false);
        lan.Deliver();
        lan.RunFor(TimeSpan.FromSeconds(1));
        b.Connected = false;

        // A degraded master beats none: a takes over after its demoted dead interval (3 s + 240/256 s).
        _ = lan.RunUntil(() => a.State == CarpState.Master, TimeSpan.FromSeconds(10));
        TimeSpan dead = new AdvertInterval(3, 240).ToTimeSpan();
        Assert.InRange(lan.Elapsed - a.Received.Last().At, dead, dead + TimeSpan.FromMilliseconds(1));   // RunUntil's 1 ms steps
        Assert.Equal(CarpConstants.PenaltyAdvSkew, a.SentAdverts.Last().Header.AdvSkew);
        Assert.Equal(CarpConstants.PenaltyAdvSkew, a.Engine.EffectiveAdvSkew);
    }

    [Fact]
    public void UnhealthyBackupWithPreempt_DoesNotPreemptSlowerMaster()
    {
        var lan = new FakeLan();
        FakeLan.Node b = lan.Add("198.18.0.2", c => c with { AdvSkew = 100 });
        lan.RunUntil(() => b.State == CarpState.Master, TimeSpan.FromSeconds(4));
        FakeLan.Node a = lan.Add("198.18.0.1", c => c with { Preempt = true }, start: false);
        a.Engine.SetHealth(false);
        a.Engine.Start();

        lan.RunFor(TimeSpan.FromSeconds(30));

        Assert.Equal(CarpState.Backup, a.State);
        Assert.Equal(CarpState.Master, b.State);
    }

    [Fact]
    public void Recovery_WithPreempt_TakesTheVipBack()
    {
        (FakeLan lan, FakeLan.Node a, FakeLan.Node b) = Pair(preemptA: true);
        a.Engine.SetHealth(false);
        lan.Deliver();
        lan.RunFor(TimeSpan.FromSeconds(10));
        Assert.Equal(CarpState.Master, b.State);

        a.Engine.SetHealth(true);
        lan.RunFor(TimeSpan.FromSeconds(2));

        Assert.Equal(CarpState.Master, a.State);
        Assert.Equal(TransitionReason.Preemption, a.Events.Changes[^1].Reason);
        Assert.Equal(CarpState.Backup, b.State);
        Assert.Equal((byte)0, a.SentAdverts.Last().Header.AdvSkew);
    }

    [Fact]
    public void Recovery_WithoutPreempt_StaysBackup()
    {
        (FakeLan lan, FakeLan.Node a, FakeLan.Node b) = Pair();
        a.Engine.SetHealth(false);
        lan.Deliver();
        lan.RunFor(TimeSpan.FromSeconds(5));
        a.Engine.SetHealth(true);
        lan.RunFor(TimeSpan.FromSeconds(30));

        Assert.Equal(CarpState.Backup, a.State);
        Assert.Equal(CarpState.Master, b.State);
    }

    [Theory]
    [InlineData(0, 240, 240)]
    [InlineData(10, 100, 110)]
    [InlineData(200, 100, 240)]
    [InlineData(250, 240, 250)]   // never lowered
    [InlineData(10, 0, 10)]
    public void EffectiveAdvSkew_Unhealthy_AdvskewPlusDemoteCappedAt240(byte advSkew, byte demote, byte expected)
    {
        var lan = new FakeLan();
        FakeLan.Node a = lan.Add("198.18.0.1", c => c with { AdvSkew = advSkew, HealthDemote = demote });
        a.Engine.SetHealth(false);
        Assert.Equal(expected, a.Engine.EffectiveAdvSkew);
        a.Engine.SetHealth(true);
        Assert.Equal(advSkew, a.Engine.EffectiveAdvSkew);
    }

    [Fact]
    public void UnhealthyBackup_SetHealthAgain_NothingSentNoTransition()
    {
        (FakeLan _, FakeLan.Node a, FakeLan.Node b) = Pair();
        int sent = b.Sent.Count;
        b.Engine.SetHealth(false);
        b.Engine.SetHealth(false);
        Assert.Equal(sent, b.Sent.Count);
        Assert.Equal(0, b.Events.BowOuts);
        Assert.Equal(CarpState.Backup, b.State);
        Assert.Equal(CarpState.Master, a.State);
    }
}
