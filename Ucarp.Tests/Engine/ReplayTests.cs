using System.Buffers.Binary;
using Ucarp.Protocol;
using Ucarp.Protocol.Engine;
using Ucarp.Protocol.Packets;
using Ucarp.Tests.Fakes;

namespace Ucarp.Tests.Engine;

/// <summary>
/// An attacker on the segment re-sends captured adverts, changing what the digest does not cover:
/// advbase, advskew, the IP source (and fixing both checksums).
/// </summary>
public class ReplayTests
{
    private const int CarpOffset = EthernetHeader.Size + Ipv4Header.MinSize;

    /// <summary>a master (advskew 0), b backup (advskew 100, --preempt), settled; b has heard a for a while.</summary>
    private static (FakeLan Lan, FakeLan.Node A, FakeLan.Node B) Pair()
    {
        var lan = new FakeLan();
        FakeLan.Node a = lan.Add("198.18.0.1");
        lan.RunUntil(() => a.State == CarpState.Master, TimeSpan.FromSeconds(4));
        FakeLan.Node b = lan.Add("198.18.0.2", c => c with { AdvSkew = 100, Preempt = true });
        lan.RunFor(TimeSpan.FromSeconds(10));
        Assert.Equal(CarpState.Backup, b.State);
        return (lan, a, b);
    }

    internal static byte[] Edit(byte[] captured, uint source, byte advBase, byte advSkew)
    {
        byte[] frame = (byte[])captured.Clone();
        Span<byte> ip = frame.AsSpan(EthernetHeader.Size, Ipv4Header.MinSize);
        BinaryPrimitives.WriteUInt32BigEndian(ip[12..], source);
        ip[10] = 0;
        ip[11] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], InternetChecksum.Compute(ip));
        Span<byte> carp = frame.AsSpan(CarpOffset, CarpHeader.Size);
        carp[2] = advSkew;
        carp[5] = advBase;
        CarpHeader.SealChecksum(carp);
        return frame;
    }

    private static List<byte[]> Adverts(FakeLan.Node node) => [.. node.Sent.Select(s => s.Frame).Where(FakeLan.Node.IsAdvert)];

    /// <summary>What an attacker captured while <paramref name="node"/> ran: every advert it heard.</summary>
    private static List<byte[]> Heard(FakeLan.Node node) => [.. node.Received.Select(r => r.Frame)];

    [Fact]
    public void Backup_ReplayedAdvertsAlternatingAdvBase_NeverChangesState()
    {
        (FakeLan lan, FakeLan.Node a, FakeLan.Node b) = Pair();
        List<byte[]> captured = Heard(b);
        int changes = b.Events.Changes.Count;

        // advbase 255 would be "going to time out", advbase 0 with advskew 255 a master b preempts.
        for (int round = 0; round < 20; round++)
        {
            foreach (byte[] frame in captured)
            {
                byte advBase = (byte)(round % 2 == 0 ? 255 : 0);
                b.Engine.OnFrame(Edit(frame, 0xC612_0000u + (uint)round + 10, advBase, 255));
            }
            lan.RunFor(TimeSpan.FromSeconds(0.5));
        }

        Assert.Equal(CarpState.Backup, b.State);
        Assert.Equal(changes, b.Events.Changes.Count);
        Assert.Equal(20 * captured.Count, b.Engine.Statistics.Dropped(DropReason.Replay));
        Assert.Equal(CarpState.Master, a.State);
    }

    [Fact]
    public void Backup_ReplayedAdvertsOnly_DoNotKeepItFromTakingOver()
    {
        (FakeLan lan, FakeLan.Node a, FakeLan.Node b) = Pair();
        List<byte[]> captured = Heard(b);
        a.Connected = false;

        // The master is gone; replays every 0.5 s would keep an unprotected backup waiting forever.
        TimeSpan took = lan.RunUntil(() =>
        {
            b.Engine.OnFrame(Edit(captured[(int)(lan.Elapsed.Ticks % captured.Count)], 0xC612_0001, 1, 0));
            return b.State == CarpState.Master;
        }, TimeSpan.FromSeconds(5));

        Assert.InRange(took, TimeSpan.Zero, b.Config.MasterDownInterval + TimeSpan.FromMilliseconds(1));   // RunUntil's 1 ms steps
        Assert.Equal(["Backup:Startup", "Master:MasterDown"], b.Events.Log);
    }

    [Fact]
    public void Master_ItsOwnAdvertsReplayedFromAnotherSource_KeepsTheVip()
    {
        (FakeLan lan, FakeLan.Node a, FakeLan.Node _) = Pair();
        List<byte[]> own = Adverts(a);

        foreach (byte[] frame in own)
        {
            a.Engine.OnFrame(Edit(frame, 0xC612_0009, 0, 0));   // preferred to a (advbase 1) in every way
        }
        lan.RunFor(TimeSpan.FromSeconds(5));

        Assert.Equal(CarpState.Master, a.State);
        Assert.Equal(own.Count, a.Engine.Statistics.Dropped(DropReason.Replay));
        Assert.DoesNotContain(a.Events.Changes, c => c.To == CarpState.Backup && c.Reason == TransitionReason.PreferredMaster);
    }

    [Fact]
    public void Backup_FrameCapturedBeforeItStarted_ActsOnceThenIsAReplay()
    {
        (FakeLan lan, FakeLan.Node a, FakeLan.Node _) = Pair();
        byte[] early = Adverts(a)[0];
        FakeLan.Node c = lan.Add("198.18.0.3", c => c with { AdvSkew = 200 });
        lan.RunFor(TimeSpan.FromSeconds(5));
        int changes = c.Events.Changes.Count;

        // Indistinguishable from a restarted master: accepted, and "going to time out" makes c take over.
        c.Engine.OnFrame(Edit(early, 0xC612_0009, 255, 255));
        Assert.Equal(CarpState.Master, c.State);
        lan.RunFor(TimeSpan.FromSeconds(5));
        Assert.Equal(CarpState.Backup, c.State);

        int after = c.Events.Changes.Count;
        c.Engine.OnFrame(Edit(early, 0xC612_0009, 255, 255));
        Assert.Equal(CarpState.Backup, c.State);
        Assert.Equal(after, c.Events.Changes.Count);
        Assert.Equal(changes + 2, after);
        Assert.Equal(1, c.Engine.Statistics.Dropped(DropReason.Replay));
    }

    [Fact]
    public void Backup_MasterRestartedWithFreshCounter_FollowedFromItsFirstAdvert()
    {
        var lan = new FakeLan();
        FakeLan.Node a = lan.Add("198.18.0.1");
        lan.RunUntil(() => a.State == CarpState.Master, TimeSpan.FromSeconds(4));
        // A long dead ratio: the restarted master times out (3 s) before b would (10 s).
        FakeLan.Node b = lan.Add("198.18.0.2", c => c with { AdvSkew = 100, DeadRatio = 10 });
        lan.RunFor(TimeSpan.FromSeconds(10));

        a.Connected = false;
        long heardBefore = b.Engine.Statistics.AdvertisementsReceived;
        FakeLan.Node restarted = lan.Add("198.18.0.1", seed: 12345);
        _ = lan.RunUntil(() => restarted.State == CarpState.Master, TimeSpan.FromSeconds(4));
        (TimeSpan at, CarpHeader first) = restarted.SentAdverts.First();
        lan.RunFor(TimeSpan.FromSeconds(20));

        Assert.Equal(["Backup:Startup"], b.Events.Log);
        Assert.Equal(0, b.Engine.Statistics.Dropped(DropReason.Replay));
        Assert.Contains(b.Received, r => r.At == at && FakeLan.Node.Header(r.Frame).Counter == first.Counter);
        Assert.Equal(restarted.SentAdverts.Count(), b.Engine.Statistics.AdvertisementsReceived - heardBefore);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SplitBrain_TwoMastersMeet_OneYieldsAtOnce(bool sharedCounterBase)
    {
        var lan = new FakeLan();
        FakeLan.Node a = lan.Add("198.18.0.1");
        FakeLan.Node b = lan.Add("198.18.0.2");
        if (sharedCounterBase)
        {
            // Settled first: b has adopted a's counters, so both go on from the same one.
            lan.RunFor(TimeSpan.FromSeconds(10));
            Assert.Equal(CarpState.Backup, b.State);
        }
        b.Connected = false;
        lan.RunFor(TimeSpan.FromSeconds(10));
        Assert.Equal(CarpState.Master, a.State);
        Assert.Equal(CarpState.Master, b.State);

        // Same advbase and advskew, timers firing at the same instants: the lockstep case.
        b.Connected = true;
        _ = lan.RunUntil(() => b.State == CarpState.Backup, TimeSpan.FromSeconds(2));
        lan.RunFor(TimeSpan.FromSeconds(30));

        Assert.Equal(CarpState.Master, a.State);
        Assert.Equal(CarpState.Backup, b.State);
        Assert.Equal(TransitionReason.PreferredMaster, b.Events.Changes[^1].Reason);
    }

    [Fact]
    public void Backup_ReplayDrop_ReportedWithTheCounter()
    {
        (FakeLan _, FakeLan.Node a, FakeLan.Node b) = Pair();
        byte[] frame = Adverts(a)[^1];

        b.Engine.OnFrame(frame);

        Assert.Equal(DropReason.Replay, b.Events.Drops[^1]);
        Assert.Equal(1, b.Engine.Statistics.Dropped(DropReason.Replay));
    }
}
