using Microsoft.Extensions.Time.Testing;
using Ucarp.Cli.Observe;
using Ucarp.Protocol.Observe;
using static Ucarp.Tests.Observe.ObserveFrames;

namespace Ucarp.Tests.Observe;

public sealed class TextObserveOutputTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 0, 0, 0, TimeSpan.Zero));
    private readonly List<string> _stdout = [];
    private readonly TextObserveOutput _output;
    private readonly SegmentObserver _observer;

    public TextObserveOutputTests()
    {
        _output = new TextObserveOutput(_time, _stdout.Add);
        _observer = Observer(_time, _output);
    }

    [Fact]
    public void AdvertiserChanged_Ipv6_NamesTheFamilyAndTheHopLimit()
    {
        _observer.OnFrame(Carp("2001:db8::1", 7, "pw", "2001:db8::100", 1, ttl: 64));

        string[] lines = Lines();
        Assert.EndsWith(": new carp advertiser vhid 7 ipv6 2001:db8::1 (00:00:5e:00:00:07) advbase 1 advskew 0 hlim 64 multicast digest ok vip 2001:db8::100 state master",
            lines[0], StringComparison.Ordinal);
        Assert.EndsWith(": ALARM bad-ttl vhid 7 ipv6 [2001:db8::1]: 2001:db8::1 advertises vhid 7 with hop limit 64, not 255: a router or a tunnel in between",
            lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void WriteSummary_Ipv4AndIpv6Sources_OneColumnWideEnoughForBoth()
    {
        _observer.OnFrame(Carp("2001:db8:ffff:ffff::ffff", 7, "pw", "2001:db8::100", 1));
        _observer.OnFrame(Carp("198.18.0.1", 7, "pw", "198.18.0.100", 1));
        _stdout.Clear();

        _output.WriteSummary(_observer);

        string[] table = Lines();
        Assert.StartsWith("vhid  source                   mac", table[0], StringComparison.Ordinal);
        Assert.StartsWith("7     198.18.0.1               00:00:5e:00:00:07 carp", table[1], StringComparison.Ordinal);
        Assert.StartsWith("7     2001:db8:ffff:ffff::ffff 00:00:5e:00:00:07 carp", table[2], StringComparison.Ordinal);
    }

    [Fact]
    public void AlarmChanged_TableFull_NamesNoVhid()
    {
        var observer = new SegmentObserver(new ObserverConfig { MaxAdvertisers = 1 }, _time, _output);
        observer.OnFrame(Carp("198.18.0.1", 7, "pw", "198.18.0.100", 1));
        observer.OnFrame(Carp("198.18.0.2", 7, "pw", "198.18.0.100", 1));

        Assert.Contains(Lines(), l => l.EndsWith(": ALARM table-full: more than 1 advertisers: the least recently heard are evicted (forged sources?)", StringComparison.Ordinal));
    }

    [Fact]
    public void Started_SaysWhatIsWatchedAndForHowLong()
    {
        _output.Started("eth0", 0, null);
        _output.Started("eth1", 9, TimeSpan.FromSeconds(5));

        Assert.EndsWith(": watching [eth0] for CARP and VRRP adverts of every vhid, IPv4 and IPv6, until Ctrl-C or SIGTERM, then a summary",
            _stdout[0], StringComparison.Ordinal);
        Assert.EndsWith(": watching [eth1] for CARP and VRRP adverts of vhid 9, IPv4 and IPv6, for 5 s (Ctrl-C or SIGTERM ends it sooner), then a summary",
            _stdout[1], StringComparison.Ordinal);
    }

    private string[] Lines() => string.Join('\n', _stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
