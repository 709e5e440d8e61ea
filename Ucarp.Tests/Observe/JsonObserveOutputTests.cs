using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Ucarp.Cli.Observe;
using Ucarp.Protocol.Observe;
using static Ucarp.Tests.Observe.ObserveFrames;

namespace Ucarp.Tests.Observe;

public sealed class JsonObserveOutputTests
{
    private const ulong CounterPast2To53 = 18357965822262852138;

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 8, 55, 36, TimeSpan.Zero).AddTicks(1234560));
    private readonly List<byte[]> _stdout = [];
    private readonly JsonObserveOutput _output;
    private readonly SegmentObserver _observer;

    public JsonObserveOutputTests()
    {
        _output = new JsonObserveOutput(_time, _stdout.Add);
        _observer = Observer(_time, _output);
    }

    [Fact]
    public void AdvertiserChanged_CounterPast2To53_StringThatKeepsEveryDigit()
    {
        _observer.OnFrame(Carp("198.18.0.1", 7, "pw", "198.18.0.100", CounterPast2To53));

        JsonElement advert = Assert.Single(Events(), e => e.GetProperty("event").GetString() == "advert");
        JsonElement counter = advert.GetProperty("counter");
        Assert.Equal(JsonValueKind.String, counter.ValueKind);
        Assert.Equal(CounterPast2To53, ulong.Parse(counter.GetString()!, NumberStyles.None, CultureInfo.InvariantCulture));
    }

    [Fact]
    public void EveryTime_UtcWithZ_AsInTheLogAndTheStatusFile()
    {
        _observer.OnFrame(Carp("198.18.0.1", 7, "pw", "198.18.0.100", 1));
        _time.Advance(TimeSpan.FromSeconds(2));
        _output.WriteSummary(_observer);

        List<JsonElement> events = Events();
        Assert.Equal("2026-11-27T08:55:36.123456Z", events[0].GetProperty("time").GetString());
        JsonElement summary = Assert.Single(events, e => e.GetProperty("event").GetString() == "summary");
        Assert.Equal("2026-11-27T08:55:38.123456Z", summary.GetProperty("time").GetString());
        Assert.Equal("2026-11-27T08:55:36.123456Z", summary.GetProperty("advertisers")[0].GetProperty("last_seen").GetString());
    }

    [Fact]
    public void Started_InterfaceVhidAndSecondsOrNull()
    {
        _output.Started("eth0", 0, null);
        _output.Started("eth1", 9, TimeSpan.FromSeconds(5));

        List<JsonElement> events = Events();
        Assert.All(events, e => Assert.Equal("start", e.GetProperty("event").GetString()));
        Assert.Equal(("eth0", JsonValueKind.Null, JsonValueKind.Null),
            (events[0].GetProperty("interface").GetString(), events[0].GetProperty("vhid").ValueKind, events[0].GetProperty("seconds").ValueKind));
        Assert.Equal(("eth1", 9, 5), (events[1].GetProperty("interface").GetString(), events[1].GetProperty("vhid").GetInt32(), events[1].GetProperty("seconds").GetInt32()));
    }

    private List<JsonElement> Events() => [.. _stdout.Select(line => JsonDocument.Parse(line).RootElement)];
}
