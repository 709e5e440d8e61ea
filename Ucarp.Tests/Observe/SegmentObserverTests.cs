using System.Text;
using Microsoft.Extensions.Time.Testing;
using Ucarp.Protocol.Auth;
using Ucarp.Protocol.Observe;
using static Ucarp.Tests.Observe.ObserveFrames;

namespace Ucarp.Tests.Observe;

public class SegmentObserverTests
{
    private const string A = "198.18.0.1";
    private const string B = "198.18.0.2";
    private const string Vip = "198.18.0.100";
    private const string A6 = "2001:db8::1";
    private const string B6 = "2001:db8::2";
    private const string Vip6 = "2001:db8::100";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 0, 0, 0, TimeSpan.Zero));
    private readonly RecordingObserverEvents _events = new();
    private readonly Dictionary<string, ulong> _counters = [];

    [Fact]
    public void OnFrame_SameAdverts_OneEventThenOnlyOnChange()
    {
        SegmentObserver observer = Observer();

        for (int i = 0; i < 10; i++)
        {
            Send(observer, A);
        }
        Send(observer, A, advSkew: 100);

        Assert.Equal([(Ip(A), true), (Ip(A), false)], _events.Changes.Select(c => (c.Source, c.IsNew)));
        Advertiser advertiser = Assert.Single(observer.Advertisers);
        Assert.Equal(11, advertiser.Adverts);
        Assert.Equal(100, advertiser.AdvSkew);
        Assert.Equal(DigestStatus.Unchecked, advertiser.Digest);
        Assert.Empty(_events.Alarms);
    }

    [Fact]
    public void TwoMasters_RaisedAfterMoreThanThreeIntervals_ClearedWhenOneFallsSilent()
    {
        SegmentObserver observer = Observer();

        for (int second = 0; second <= 3; second++)
        {
            Send(observer, A);
            Send(observer, B);
            Assert.Empty(_events.Of(AlarmKind.TwoMasters));
            Tick(observer, TimeSpan.FromSeconds(1));
        }
        Send(observer, A);
        Send(observer, B);

        ObserverAlarm raised = Assert.Single(_events.Of(AlarmKind.TwoMasters));
        Assert.True(raised.Raised);
        Assert.Equal(7, raised.Vhid);
        Assert.Equal([Ip(A), Ip(B)], raised.Sources);

        for (int second = 0; second < 6; second++)
        {
            Send(observer, A);
            Tick(observer, TimeSpan.FromSeconds(1));
        }

        Assert.Equal([true, false], _events.Of(AlarmKind.TwoMasters).Select(a => a.Raised));
        Assert.Equal(1, observer.AlarmsRaised);
    }

    [Fact]
    public void TwoMasters_ShortOverlapOfATakeover_NoAlarm()
    {
        SegmentObserver observer = Observer();
        for (int second = 0; second < 5; second++)
        {
            Send(observer, A);
            Tick(observer, TimeSpan.FromSeconds(1));
        }
        // B preempts: both advertise for two intervals, then A steps down.
        for (int second = 0; second < 2; second++)
        {
            Send(observer, A);
            Send(observer, B, advSkew: 0);
            Tick(observer, TimeSpan.FromSeconds(1));
        }
        for (int second = 0; second < 10; second++)
        {
            Send(observer, B);
            Tick(observer, TimeSpan.FromSeconds(1));
        }

        Assert.Empty(_events.Alarms);
        Assert.Equal(AdvertiserState.Silent, observer.Advertisers.Single(a => a.Source == Ip(A)).State);
    }

    [Fact]
    public void BowOut_MasterLeaving_NotCountedAsMaster()
    {
        SegmentObserver observer = Observer();
        Send(observer, A);
        Send(observer, A, advBase: 255, advSkew: 255);
        for (int second = 0; second < 6; second++)
        {
            Send(observer, B);
            Tick(observer, TimeSpan.FromSeconds(1));
        }

        Assert.Empty(_events.Alarms);
        Assert.Contains(_events.Changes, c => c.Source == Ip(A) && c.State == AdvertiserState.Leaving);
    }

    [Fact]
    public void DigestMismatch_OnePasswordWrong_RaisedWithBothResults()
    {
        SegmentObserver observer = Observer(password: "pw");

        Send(observer, A, password: "pw");
        Send(observer, B, password: "typo");

        ObserverAlarm alarm = Assert.Single(_events.Of(AlarmKind.DigestMismatch));
        Assert.Equal([Ip(A), Ip(B)], alarm.Sources);
        Assert.Contains("198.18.0.1 ok for 198.18.0.100", alarm.Evidence, StringComparison.Ordinal);
        Assert.Contains("198.18.0.2 bad", alarm.Evidence, StringComparison.Ordinal);
        Assert.Equal(DigestStatus.Ok, observer.Advertisers.Single(a => a.Source == Ip(A)).Digest);
        Assert.Equal(Ip(Vip), observer.Advertisers.Single(a => a.Source == Ip(A)).VirtualAddress);
    }

    [Fact]
    public void DigestMismatch_SamePasswordDifferentVips_Raised()
    {
        SegmentObserver observer = Observer(password: "pw");

        Send(observer, A, password: "pw");
        Send(observer, B, password: "pw", vip: "198.18.0.101");

        Assert.Single(_events.Of(AlarmKind.DigestMismatch));
    }

    [Fact]
    public void DigestMismatch_AgreeingAdvertisers_NoAlarm()
    {
        SegmentObserver observer = Observer(password: "pw");

        Send(observer, A, password: "pw");
        Send(observer, B, password: "pw");

        Assert.Empty(_events.Of(AlarmKind.DigestMismatch));
    }

    [Fact]
    public void BadTtl_RaisedOnTtlBelow255_ClearedWhenBack()
    {
        SegmentObserver observer = Observer();

        Send(observer, A, ttl: 254);
        Send(observer, A, ttl: 254);
        Send(observer, A);

        Assert.Equal([true, false], _events.Of(AlarmKind.BadTtl).Select(a => a.Raised));
        Assert.Contains("TTL 254", _events.Of(AlarmKind.BadTtl).First().Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void CounterReplay_CounterGoesBack_RaisedThenClearedAfterThreeCleanIntervals()
    {
        SegmentObserver observer = Observer();
        SendCounter(observer, A, 10);
        SendCounter(observer, A, 11);
        SendCounter(observer, A, 12);
        SendCounter(observer, A, 11);

        ObserverAlarm alarm = Assert.Single(_events.Of(AlarmKind.CounterReplay));
        Assert.Contains("counter 000000000000000b after 000000000000000c", alarm.Evidence, StringComparison.Ordinal);

        for (ulong counter = 13; counter < 20; counter++)
        {
            Tick(observer, TimeSpan.FromSeconds(1));
            SendCounter(observer, A, counter);
        }
        Assert.Equal([true, false], _events.Of(AlarmKind.CounterReplay).Select(a => a.Raised));
    }

    [Theory]
    [InlineData(new ulong[] { 900, 5, 77777, 3, 4, 1UL << 40 })]   // a lone ucarp: a fresh random counter per advert
    [InlineData(new ulong[] { 0x1234, 0x1234, 0x1234, 0x1234 })]    // OpenBSD: one cookie, never incremented
    public void CounterReplay_CountersOfHonestSenders_NoAlarm(ulong[] counters)
    {
        SegmentObserver observer = Observer();
        foreach (ulong counter in counters)
        {
            SendCounter(observer, A, counter);
        }

        Assert.Empty(_events.Alarms);
    }

    [Fact]
    public void CounterReplay_ExactRepeatOfAMovingCounter_Raised()
    {
        SegmentObserver observer = Observer();
        SendCounter(observer, A, 900);
        SendCounter(observer, A, 5);
        SendCounter(observer, A, 5);

        Assert.Single(_events.Of(AlarmKind.CounterReplay));
    }

    [Fact]
    public void CounterReplay_RestartAfterSilenceWithLowerCounter_NoAlarm()
    {
        SegmentObserver observer = Observer();
        SendCounter(observer, A, 1000);
        SendCounter(observer, A, 1001);
        Tick(observer, TimeSpan.FromSeconds(10));
        SendCounter(observer, A, 5);
        SendCounter(observer, A, 6);

        Assert.Empty(_events.Alarms);
    }

    [Fact]
    public void VrrpCollision_VrrpAndCarpOnOneId_Raised()
    {
        SegmentObserver observer = Observer();
        Send(observer, A);
        observer.OnFrame(Vrrp(3, B, 7, 100, Vip));

        ObserverAlarm alarm = Assert.Single(_events.Alarms);
        Assert.Equal(AlarmKind.VrrpCollision, alarm.Kind);
        Assert.Equal([Ip(A), Ip(B)], alarm.Sources);
        Assert.Equal(1, observer.Frames[FrameKind.Vrrp3]);
    }

    [Fact]
    public void OnFrame_VhidFilter_OtherVhidsOnlyCounted()
    {
        SegmentObserver observer = new(new ObserverConfig { Vhid = 8 }, _time, _events);

        Send(observer, A);

        Assert.Empty(observer.Advertisers);
        Assert.Equal(1, observer.Frames.OtherVhid);
    }

    [Fact]
    public void OnFrame_BadChecksumAndGarbage_CountedNotAttributed()
    {
        SegmentObserver observer = Observer();
        byte[] frame = Carp(A, 7, "pw", Vip, 1);
        frame[^1] ^= 0xFF;

        observer.OnFrame(frame);
        observer.OnFrame(frame.AsSpan(0, 40));

        Assert.Empty(observer.Advertisers);
        Assert.Equal(1, observer.Frames.BadChecksum);
        Assert.Equal(1, observer.Frames[FrameKind.Truncated]);
        Assert.Equal(2, observer.Frames.Total);
    }

    [Fact]
    public void OnFrame_FloodOfForgedSources_TrackedAdvertisersBounded()
    {
        SegmentObserver observer = new(new ObserverConfig { MaxAdvertisers = 16 }, _time, _events);

        for (int i = 1; i <= 100; i++)
        {
            observer.OnFrame(Carp($"198.18.1.{i}", 7, "pw", Vip, 1));
        }

        Assert.Equal(16, observer.Advertisers.Count);
        Assert.Equal(84, observer.Frames.Evicting);
    }

    [Fact]
    public void TwoMasters_Ipv6_RaisedForTheIpv6GroupWithItsSources()
    {
        SegmentObserver observer = Observer();

        for (int second = 0; second <= 4; second++)
        {
            Send(observer, A6, vip: Vip6);
            Send(observer, B6, vip: Vip6);
            Tick(observer, TimeSpan.FromSeconds(1));
        }

        ObserverAlarm raised = Assert.Single(_events.Of(AlarmKind.TwoMasters));
        Assert.True(raised.IsIpv6);
        Assert.Equal([Address(A6), Address(B6)], raised.Sources);
        Assert.All(observer.Advertisers, a => Assert.True(a.IsIpv6));
    }

    [Fact]
    public void TwoMasters_DualStackPairSameVhid_NoAlarm()
    {
        // A is master of the IPv4 election, B of the IPv6 one: two groups, one master each.
        SegmentObserver observer = Observer(password: "pw");

        for (int second = 0; second <= 5; second++)
        {
            Send(observer, A, password: "pw");
            Send(observer, B6, password: "pw", vip: Vip6);
            Tick(observer, TimeSpan.FromSeconds(1));
        }

        Assert.Empty(_events.Alarms);
        Assert.Equal([(Address(A), Address(Vip)), (Address(B6), Address(Vip6))],
            observer.Advertisers.Select(a => (a.Source, a.VirtualAddress)));
        Assert.All(observer.Advertisers, a => Assert.Equal(DigestStatus.Ok, a.Digest));
    }

    [Fact]
    public void BadTtl_Ipv6HopLimitBelow255_RaisedAndNamesTheHopLimit()
    {
        SegmentObserver observer = Observer();

        Send(observer, A6, ttl: 64, vip: Vip6);

        ObserverAlarm raised = Assert.Single(_events.Of(AlarmKind.BadTtl));
        Assert.True(raised.IsIpv6);
        Assert.Contains("hop limit 64", raised.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void DigestMismatch_Ipv6OtherPassword_Raised()
    {
        SegmentObserver observer = Observer(password: "pw");

        Send(observer, A6, password: "pw", vip: Vip6);
        Send(observer, B6, password: "typo", vip: Vip6);

        ObserverAlarm raised = Assert.Single(_events.Of(AlarmKind.DigestMismatch));
        Assert.True(raised.IsIpv6);
        Assert.Equal([(Address(A6), DigestStatus.Ok), (Address(B6), DigestStatus.Bad)], observer.Advertisers.Select(a => (a.Source, a.Digest)));
    }

    [Fact]
    public void OnFrame_TableFull_EvictsTheLeastRecentlyHeard()
    {
        SegmentObserver observer = new(new ObserverConfig { MaxAdvertisers = 3 }, _time, _events);
        Send(observer, A);
        Send(observer, B);
        Send(observer, "198.18.0.3");
        Send(observer, A);

        Send(observer, "198.18.0.4");

        Assert.Equal([Ip(A), Ip("198.18.0.3"), Ip("198.18.0.4")], observer.Advertisers.Select(a => a.Source).OrderBy(a => a.Value));
        Assert.Equal(1, observer.Frames.Evicting);
    }

    [Fact]
    public void TwoMasters_RogueArrivingAfterMoreForgedSourcesThanTheTableHolds_TrackedAndRaised()
    {
        SegmentObserver observer = Observer();
        Send(observer, A);
        for (int i = 0; i < 1100; i++)
        {
            observer.OnFrame(Carp($"198.18.{8 + i / 250}.{1 + i % 250}", 7, "pw", Vip, 1));
        }

        for (int second = 0; second <= 5; second++)
        {
            Tick(observer, TimeSpan.FromSeconds(1));
            Send(observer, A);
            Send(observer, B, advSkew: 100);
        }

        ObserverAlarm raised = Assert.Single(_events.Of(AlarmKind.TwoMasters));
        Assert.Equal([Ip(A), Ip(B)], raised.Sources);
        Assert.Contains(observer.Advertisers, a => a.Source == Ip(B));
    }

    [Fact]
    public void TableFull_FloodBeyondTheTable_RaisedOnceThenClearedWithTheCountAfterAQuietSpell()
    {
        SegmentObserver observer = new(new ObserverConfig { MaxAdvertisers = 16 }, _time, _events);
        for (int round = 0; round < 3; round++)
        {
            for (int i = 1; i <= 50; i++)
            {
                observer.OnFrame(Carp($"198.18.{1 + round}.{i}", 7, "pw", Vip, 1));
            }
            Tick(observer, TimeSpan.FromSeconds(1));
        }
        ObserverAlarm raised = Assert.Single(_events.Of(AlarmKind.TableFull));
        Assert.True(raised.IsSegmentWide);
        Assert.Contains("more than 16 advertisers", raised.Evidence, StringComparison.Ordinal);

        for (int second = 0; second < 10; second++)
        {
            Tick(observer, TimeSpan.FromSeconds(1));
        }

        Assert.Equal([true, false], _events.Of(AlarmKind.TableFull).Select(a => a.Raised));
        Assert.StartsWith("134 advertisers evicted", _events.Of(AlarmKind.TableFull).Last().Evidence, StringComparison.Ordinal);
        Assert.Equal(134, observer.Frames.Evicting);
    }

    [Fact]
    public void BadTtl_SourceEvicted_AlarmClearedWithIt()
    {
        SegmentObserver observer = new(new ObserverConfig { MaxAdvertisers = 2 }, _time, _events);
        Send(observer, A, ttl: 64);
        Send(observer, B);
        Send(observer, "198.18.0.3");

        Assert.Equal([true, false], _events.Of(AlarmKind.BadTtl).Select(a => a.Raised));
        Assert.Equal("198.18.0.1 evicted from the advertiser table", _events.Of(AlarmKind.BadTtl).Last().Evidence);
    }

    [Fact]
    public void OnFrame_ManyMastersOnOneVhid_ClockWorkPerFrameIndependentOfTheirNumber()
    {
        long ten = ClockReadsOfTwoFrames(10);
        long thousand = ClockReadsOfTwoFrames(1000);

        Assert.Equal(ten, thousand);
        Assert.InRange(ten, 1, 12);
    }

    [Fact]
    public void AdvertiserChanged_FloodOfNewSources_LinesWithinTheBudgetAndTheRestCountedInALineFloodAlarm()
    {
        SegmentObserver observer = Observer();
        for (int i = 0; i < 1000; i++)
        {
            observer.OnFrame(Carp($"198.18.{8 + i / 250}.{1 + i % 250}", 7, "pw", Vip, 1));
        }

        Assert.Equal(100, _events.Changes.Count);
        for (int quarter = 0; quarter < 4 * 20; quarter++)
        {
            Tick(observer, TimeSpan.FromMilliseconds(250));
        }

        // 1,000 new and 1,000 gone silent: what was not printed was counted.
        Assert.Equal(2000, _events.Changes.Count + observer.LinesSuppressed);
        Assert.Equal([true, false], _events.Of(AlarmKind.LineFlood).Select(a => a.Raised));
        Assert.StartsWith($"{observer.LinesSuppressed} advertiser lines suppressed", _events.Of(AlarmKind.LineFlood).Last().Evidence, StringComparison.Ordinal);
    }

    // Clock frequency reads (one per elapsed-time computation: the work of a frame) for an advert of a
    // known master and one of a new source, with that many masters advertising together on one vhid.
    private static long ClockReadsOfTwoFrames(int masters)
    {
        var time = new CountingTimeProvider();
        var events = new RecordingObserverEvents();
        SegmentObserver observer = new(new ObserverConfig { MaxAdvertisers = 2048 }, time, events);
        for (int second = 0; second <= 4; second++)
        {
            for (int i = 0; i < masters; i++)
            {
                observer.OnFrame(Carp($"198.18.{8 + i / 250}.{1 + i % 250}", 7, "pw", Vip, (ulong)(second + 1)));
            }
            time.Advance(TimeSpan.FromSeconds(1));
        }
        Assert.Single(events.Of(AlarmKind.TwoMasters));

        time.FrequencyReads = 0;
        observer.OnFrame(Carp("198.18.8.1", 7, "pw", Vip, 6));
        observer.OnFrame(Carp("198.18.250.1", 7, "pw", Vip, 1));
        return time.FrequencyReads;
    }

    private SegmentObserver Observer(string? password = null) => new(new ObserverConfig
    {
        Discovery = password is null ? null : new VipDiscovery(CarpDigest.Key(Encoding.UTF8.GetBytes(password)), [Ipv4Subnet.Around(Ip(A), 24)], _time),
    }, _time, _events);

    private void Send(SegmentObserver observer, string source, byte advBase = 1, byte advSkew = 0, byte ttl = 255,
        string password = "pw", string vip = Vip)
    {
        ulong counter = _counters.GetValueOrDefault(source) + 1;
        _counters[source] = counter;
        observer.OnFrame(Carp(source, 7, password, vip, counter, advBase, advSkew, ttl));
    }

    private static void SendCounter(SegmentObserver observer, string source, ulong counter) =>
        observer.OnFrame(Carp(source, 7, "pw", Vip, counter));

    private void Tick(SegmentObserver observer, TimeSpan by)
    {
        _time.Advance(by);
        observer.OnTimer();
    }
}
