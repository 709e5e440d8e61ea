using Ucarp.Protocol;
using Ucarp.Protocol.Engine;
using Ucarp.Protocol.Packets;
using Ucarp.Tests.Fakes;

namespace Ucarp.Tests.Engine;

public class WireBehaviourTests
{
    private static string Kinds(FakeLan.Node node) =>
        string.Join(" ", node.Sent.Select(s => FakeLan.Node.IsAdvert(s.Frame) ? "CARP" : "ARP"));

    [Fact]
    public void Takeover_WithUpScript_AdvertThenArpAfterTheScriptThenSecondArpTwoAdvertsLater()
    {
        var lan = new FakeLan();
        FakeLan.Node a = lan.Add("198.18.0.1", c => c with { AdvBase = 0, AdvSkew = 50, AnnounceAfterUpScript = true });

        lan.RunUntil(() => a.State == CarpState.Master, TimeSpan.FromSeconds(1));
        Assert.Equal("CARP", Kinds(a));              // advertising starts before the up script ends
        a.Engine.AnnounceVip();                      // the host: up script finished
        lan.RunFor(TimeSpan.FromSeconds(0.7));

        // ucarp 1.5.2's frames (vectors "subsecond"), with our first ARP after the up script.
        Assert.StartsWith("CARP ARP CARP CARP ARP CARP", Kinds(a), StringComparison.Ordinal);
    }

    [Fact]
    public void Takeover_WithoutUpScript_ArpThenAdvertThenSecondArpTwoAdvertsLater_AsUcarp152()
    {
        var lan = new FakeLan();
        FakeLan.Node a = lan.Add("198.18.0.1", c => c with { AdvBase = 0, AdvSkew = 50 });

        lan.RunUntil(() => a.State == CarpState.Master, TimeSpan.FromSeconds(1));
        lan.RunFor(TimeSpan.FromSeconds(0.7));

        // As captured from ucarp 1.5.2 (vectors "subsecond"): carp_set_state ARPs before carp_send_ad.
        Assert.StartsWith("ARP CARP CARP CARP ARP CARP", Kinds(a), StringComparison.Ordinal);
    }

    [Fact]
    public void Cadence_LateWakeUps_DoNotAccumulate()
    {
        var lan = new FakeLan();
        FakeLan.Node a = lan.Add("198.18.0.1");
        lan.RunUntil(() => a.State == CarpState.Master, TimeSpan.FromSeconds(4));
        TimeSpan first = a.SentAdverts.Last().At;

        for (int i = 0; i < 10; i++)
        {
            lan.WakeLate(a, TimeSpan.FromMilliseconds(3));
        }

        // Each advert is 3 ms late, but the tenth is still due at first + 10 s (carp.c would be 30 ms behind).
        Assert.Equal(first + TimeSpan.FromSeconds(10) + TimeSpan.FromMilliseconds(3), a.SentAdverts.Last().At);
    }

    [Fact]
    public void Counter_BeforeAnyAdvertReceived_RandomStartThenIncrements()
    {
        ulong[] LoneMaster(string address)
        {
            var lan = new FakeLan();
            FakeLan.Node node = lan.Add(address);
            lan.RunFor(TimeSpan.FromSeconds(10));
            return node.SentAdverts.Select(s => s.Header.Counter).ToArray();
        }

        ulong[] a = LoneMaster("198.18.0.1");
        ulong[] b = LoneMaster("198.18.0.2");

        Assert.True(a.Length >= 7);
        Assert.All(a.Zip(a.Skip(1)), p => Assert.Equal(p.First + 1, p.Second));
        Assert.NotEqual(a[0], b[0]);
    }

    [Fact]
    public void Counter_AfterAdvertReceived_IsLastReceivedPlusOne()
    {
        var lan = new FakeLan();
        FakeLan.Node a = lan.Add("198.18.0.1");
        FakeLan.Node b = lan.Add("198.18.0.2");
        lan.RunFor(TimeSpan.FromSeconds(3.5));   // both masters, b yields after receiving a's advert

        (TimeSpan At, CarpHeader Header) yielding = b.SentAdverts.Last();
        ulong received = FakeLan.Node.Header(b.Received.Last(r => r.At <= yielding.At).Frame).Counter;
        Assert.Equal(received + 1, yielding.Header.Counter);

        lan.RunFor(TimeSpan.FromSeconds(5));
        ulong[] aCounters = a.SentAdverts.Select(s => s.Header.Counter).ToArray();
        Assert.Equal(aCounters[^2] + 1, aCounters[^1]);
    }

    [Fact]
    public void Counter_AtMaximum_WrapsPastZero()
    {
        var lan = new FakeLan();
        FakeLan.Node a = lan.Add("198.18.0.1");
        FakeLan.Node b = lan.Add("198.18.0.2", start: false);
        a.Engine.OnFrame(BuildAdvert(b, counter: ulong.MaxValue, advBase: 1, advSkew: 0));
        a.Engine.OnLinkChanged(false);
        a.Engine.OnLinkChanged(true);

        lan.RunFor(TimeSpan.FromSeconds(4.5));

        // A takeover skips at most CounterCollisionSkip counters past the last one heard.
        ulong first = a.SentAdverts.First().Header.Counter;
        Assert.InRange(first, 1UL, (ulong)CarpConstants.CounterCollisionSkip);
        Assert.Equal(first + 1, a.SentAdverts.Skip(1).First().Header.Counter);
    }

    [Fact]
    public void SendFailures_ThreeInARow_AdvertiseSkew240AtOnceThenRecoverAfterThreeSuccesses()
    {
        var lan = new FakeLan();
        FakeLan.Node a = lan.Add("198.18.0.1", c => c with { AdvSkew = 10 });
        lan.RunFor(TimeSpan.FromSeconds(6.1));   // past the delayed ARP: only adverts are sent from here
        Assert.Equal(CarpState.Master, a.State);
        int before = a.SentAdverts.Count();

        a.FailNextSends = 3;
        lan.RunFor(TimeSpan.FromSeconds(3.2));

        Assert.True(a.Engine.SendErrorPenalty);
        Assert.Contains("send-failed:3:True", a.Events.Log);
        (TimeSpan At, CarpHeader Header)[] after = a.SentAdverts.Skip(before).ToArray();
        Assert.Equal(CarpConstants.PenaltyAdvSkew, after[0].Header.AdvSkew);   // the extra advert, at once

        lan.RunFor(TimeSpan.FromSeconds(6));
        after = a.SentAdverts.Skip(before).ToArray();
        // The extra advert is a send of its own: the cadence of 240 starts from it.
        Assert.Equal(new AdvertInterval(1, CarpConstants.PenaltyAdvSkew).ToTimeSpan(), after[1].At - after[0].At);
        Assert.Equal(new AdvertInterval(1, CarpConstants.PenaltyAdvSkew).ToTimeSpan(), after[2].At - after[1].At);
        Assert.False(a.Engine.SendErrorPenalty);
        Assert.Contains("send-recovered", a.Events.Log);
        Assert.Equal(10, a.SentAdverts.Last().Header.AdvSkew);
    }

    [Fact]
    public void SendFailures_BowOutIsTheThirdFailure_NoRegularAdvertFollowsIt()
    {
        var lan = new FakeLan();
        FakeLan.Node a = lan.Add("198.18.0.1");
        lan.RunFor(TimeSpan.FromSeconds(6.1));
        a.FailNextSends = 2;
        lan.RunFor(TimeSpan.FromSeconds(2));
        int sent = a.Sent.Count;

        a.FailNextSends = 1;
        a.Engine.StepDown();

        // The failed bow-out demotes; a regular advert after it would tell backups to wait 3 s more.
        Assert.True(a.Engine.SendErrorPenalty);
        Assert.Equal(sent, a.Sent.Count);
        Assert.Equal(CarpState.Backup, a.State);
    }

    [Fact]
    public void SendFailures_DemotedMasterMeetsBackupWithLowerSkewAndPreempt_LosesMastership()
    {
        var lan = new FakeLan();
        FakeLan.Node a = lan.Add("198.18.0.1", c => c with { AdvSkew = 10 });
        lan.RunFor(TimeSpan.FromSeconds(4));
        FakeLan.Node b = lan.Add("198.18.0.2", c => c with { AdvSkew = 100, Preempt = true });
        lan.RunFor(TimeSpan.FromSeconds(5));
        Assert.Equal(CarpState.Master, a.State);

        a.FailNextSends = 3;
        lan.RunFor(TimeSpan.FromSeconds(5));

        Assert.Equal(CarpState.Master, b.State);
        Assert.Equal(CarpState.Backup, a.State);
    }

    [Fact]
    public void Demote_Master_BowsOutAndPeerTakesOverAtOnce()
    {
        var lan = new FakeLan();
        FakeLan.Node a = lan.Add("198.18.0.1");
        lan.RunFor(TimeSpan.FromSeconds(4));
        FakeLan.Node b = lan.Add("198.18.0.2");
        lan.RunFor(TimeSpan.FromSeconds(5.5));

        a.Engine.StepDown();
        lan.Deliver();

        Assert.Equal(CarpState.Backup, a.State);
        Assert.Equal(TransitionReason.Demoted, a.Events.Changes[^1].Reason);
        Assert.Equal(CarpState.Master, b.State);
        Assert.Equal(TransitionReason.MasterGoingToTimeOut, b.Events.Changes[^1].Reason);
        CarpHeader bowOut = a.SentAdverts.Last().Header;
        Assert.Equal((255, 255), (bowOut.AdvBase, bowOut.AdvSkew));
        Assert.Equal(1, a.Engine.Statistics.BowOuts);
    }

    [Fact]
    public void Demote_AloneMaster_HoldsThreeSecondsPlusDeadIntervalThenReturns()
    {
        var lan = new FakeLan();
        FakeLan.Node a = lan.Add("198.18.0.1");
        lan.RunFor(TimeSpan.FromSeconds(4));

        a.Engine.StepDown();
        TimeSpan back = lan.RunUntil(() => a.State == CarpState.Master, TimeSpan.FromSeconds(7));

        Assert.Equal(TimeSpan.FromSeconds(6), back);
    }

    [Fact]
    public void Demote_RightAfterTakeover_DelayedArpDoesNotLeakIntoTheNextTakeover()
    {
        var lan = new FakeLan();
        FakeLan.Node a = lan.Add("198.18.0.1", c => c with { AnnounceAfterUpScript = true });
        lan.RunUntil(() => a.State == CarpState.Master, TimeSpan.FromSeconds(4));

        a.Engine.StepDown();
        int sent = a.Sent.Count;
        lan.RunUntil(() => a.State == CarpState.Master, TimeSpan.FromSeconds(7));

        // Nothing announces the VIP before the up script of the new takeover has ended.
        Assert.Equal("CARP", string.Join(" ", a.Sent.Skip(sent).Select(s => FakeLan.Node.IsAdvert(s.Frame) ? "CARP" : "ARP")));
    }

    [Fact]
    public void BowOutValues_ConfiguredAsAdvbaseAndAdvskew_MasterKeepsAdvertising()
    {
        var lan = new FakeLan();
        FakeLan.Node a = lan.Add("198.18.0.1", c => c with { AdvBase = 255, AdvSkew = 255 });
        lan.RunFor(a.Config.MasterDownInterval + TimeSpan.FromSeconds(1));
        Assert.Equal(CarpState.Master, a.State);
        int adverts = a.SentAdverts.Count();

        lan.RunFor(4 * a.Config.Interval.ToTimeSpan());

        Assert.Equal(adverts + 4, a.SentAdverts.Count());
        Assert.Equal(0, a.Engine.Statistics.BowOuts);
    }

    [Fact]
    public void Demote_Backup_DoesNothing()
    {
        var lan = new FakeLan();
        FakeLan.Node a = lan.Add("198.18.0.1");
        a.Engine.StepDown();
        Assert.Single(a.Events.Changes);
        Assert.Empty(a.Sent);
    }

    [Fact]
    public void Leave_MasterWithBowOut_SendsValidBowOutThenBackupWithScript()
    {
        var lan = new FakeLan();
        FakeLan.Node a = lan.Add("198.18.0.1");
        lan.RunFor(TimeSpan.FromSeconds(4));
        FakeLan.Node b = lan.Add("198.18.0.2");
        lan.RunFor(TimeSpan.FromSeconds(2.5));

        a.Engine.Leave(bowOut: true);
        Assert.Null(a.Engine.TimeUntilNextDeadline);
        lan.Deliver();

        CarpHeader bowOut = a.SentAdverts.Last().Header;
        Assert.Equal((255, 255), (bowOut.AdvBase, bowOut.AdvSkew));
        Assert.Equal(new StateChange(CarpState.Master, CarpState.Backup, TransitionReason.Shutdown, true), a.Events.Changes[^1]);
        Assert.Equal(CarpState.Master, b.State);
        Assert.Empty(b.Events.Drops);
    }

    [Fact]
    public void Leave_WithoutBowOut_SendsNothing()
    {
        var lan = new FakeLan();
        FakeLan.Node a = lan.Add("198.18.0.1");
        lan.RunFor(TimeSpan.FromSeconds(4));
        int sent = a.Sent.Count;
        a.Engine.Leave(bowOut: false);
        Assert.Equal(sent, a.Sent.Count);
        Assert.Equal(CarpState.Backup, a.State);
    }

    [Fact]
    public void LinkDown_Master_GoesBackupWithScriptAndStopsAdvertising()
    {
        var lan = new FakeLan();
        FakeLan.Node a = lan.Add("198.18.0.1");
        lan.RunFor(TimeSpan.FromSeconds(4));
        int sent = a.Sent.Count;

        a.Engine.OnLinkChanged(false);
        lan.RunFor(TimeSpan.FromSeconds(20));

        Assert.Equal(new StateChange(CarpState.Master, CarpState.Backup, TransitionReason.LinkDown, true), a.Events.Changes[^1]);
        Assert.Equal(sent, a.Sent.Count);
        Assert.Null(a.Engine.TimeUntilNextDeadline);
    }

    [Fact]
    public void LinkUp_AfterLoss_ReadyAtOnceWithoutBlindWindow()
    {
        var lan = new FakeLan();
        FakeLan.Node a = lan.Add("198.18.0.1");
        lan.RunFor(TimeSpan.FromSeconds(4));
        a.Engine.OnLinkChanged(false);
        lan.RunFor(TimeSpan.FromSeconds(1));

        a.Engine.OnLinkChanged(true);
        TimeSpan back = lan.RunUntil(() => a.State == CarpState.Master, TimeSpan.FromSeconds(4));

        Assert.Equal(TimeSpan.FromSeconds(3), back);
    }

    [Fact]
    public void NonPreferredMaster_Advertising_ReassertsWithArpNowAndTwoAdvertsLater()
    {
        var lan = new FakeLan();
        FakeLan.Node a = lan.Add("198.18.0.1");
        FakeLan.Node b = lan.Add("198.18.0.2", start: false);
        lan.RunFor(TimeSpan.FromSeconds(4));
        int sent = a.Sent.Count;

        a.Engine.OnFrame(BuildAdvert(b, counter: 5, advBase: 1, advSkew: 0));
        lan.RunFor(TimeSpan.FromSeconds(2.5));

        Assert.Equal(1, a.Events.Reasserts);
        Assert.Equal("ARP CARP CARP ARP", string.Join(" ", a.Sent.Skip(sent).Select(s => FakeLan.Node.IsAdvert(s.Frame) ? "CARP" : "ARP")));
    }

    [Fact]
    public void OnFrame_ValidAdvertAsBackup_AllocatesNothing()
    {
        var lan = new FakeLan();
        FakeLan.Node a = lan.Add("198.18.0.1");
        FakeLan.Node b = lan.Add("198.18.0.2", start: false);
        byte[][] frames = [.. Enumerable.Range(1, 1001).Select(i => BuildAdvert(b, counter: (ulong)i, advBase: 1, advSkew: 0))];
        a.Engine.OnFrame(frames[0]);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 1; i <= 1000; i++)
        {
            a.Engine.OnFrame(frames[i]);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static byte[] BuildAdvert(FakeLan.Node from, ulong counter, byte advBase, byte advSkew)
    {
        byte[] frame = new byte[AdvertisementFrame.Size];
        AdvertisementFrame.Write(frame, new CarpHeader(CarpConstants.VersionAndType, from.Config.Vhid, advSkew, advBase, counter),
            Ipv4.ToUInt32(from.Config.SourceAddress), CarpConstants.DefaultGroup, false, 1,
            new Ucarp.Protocol.Auth.CarpDigest(from.Config.Password.Span, from.Config.Vhid, Ipv4.ToUInt32(from.Config.VirtualAddress)));
        return frame;
    }
}
