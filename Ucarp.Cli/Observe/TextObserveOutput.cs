using System.Globalization;
using System.Text;
using Ucarp.Cli.Linux;
using Ucarp.Cli.Logging;
using Ucarp.Protocol.Observe;
using Ucarp.Protocol.Packets;

namespace Ucarp.Cli.Observe;

// Human lines on stdout, time-stamped like the daemon's terminal lines, and a table at the end.
internal sealed class TextObserveOutput(TimeProvider time) : IObserveOutput
{
    public void AdvertiserChanged(Advertiser a, bool isNew) =>
        Write($"{Stamp(Now())}: {(isNew ? "new" : "changed")} {ObserveNames.Of(a.Protocol)} advertiser vhid {a.Vhid} {Address(a.Source)} ({a.Mac}) "
            + $"{Parameters(a)} ttl {a.Ttl} {ObserveNames.Of(a.Destination)} digest {ObserveNames.Of(a.Digest)}{Vip(a, " vip ")} state {ObserveNames.Of(a.State)}");

    public void AlarmChanged(ObserverAlarm alarm) =>
        Write($"{Stamp(Now())}: {(alarm.Raised ? "ALARM" : "cleared")} {ObserveNames.Of(alarm.Kind)} vhid {alarm.Vhid} "
            + $"[{string.Join(' ', Addresses(alarm.Sources))}]: {alarm.Evidence}");

    public void WriteSummary(SegmentObserver observer)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{"vhid",-5} {"source",-15} {"mac",-17} {"protocol",-8} {"adv/prio",-8} {"ttl",3} {"last seen",-15} {"adverts",8} {"digest",-9} vip\n");
        DateTimeOffset now = Now();
        foreach (Advertiser a in observer.AdvertisersByVhidAndSource())
        {
            DateTimeOffset lastSeen = now - time.GetElapsedTime(a.LastSeen);
            text.Append(CultureInfo.InvariantCulture,
                $"{a.Vhid,-5} {Address(a.Source),-15} {a.Mac,-17} {ObserveNames.Of(a.Protocol),-8} {Interval(a),-8} {a.Ttl,3} {Timestamps.TimeOfDayMilliseconds(lastSeen.DateTime)}    {a.Adverts,8} {ObserveNames.Of(a.Digest),-9} {Vip(a, "")}\n");
        }
        text.Append("frames:");
        foreach ((string name, long count) in ObserveNames.Counts(observer.Frames))
        {
            text.Append(CultureInfo.InvariantCulture, $" {name} {count}");
        }
        text.Append(CultureInfo.InvariantCulture, $"\nalarms raised: {observer.AlarmsRaised}");
        Write(text.ToString());
    }

    private static string Parameters(Advertiser a) => a.IsVrrp
        ? Format($"priority {a.Priority} interval {a.Interval.TotalSeconds:0.##} s")
        : Format($"advbase {a.AdvBase} advskew {a.AdvSkew}");

    private static string Interval(Advertiser a) => a.IsVrrp ? Format($"p{a.Priority}") : Format($"{a.AdvBase}/{a.AdvSkew}");

    private static string Vip(Advertiser a, string prefix) => a.Digest == DigestStatus.Ok ? prefix + Address(a.VirtualAddress) : "";

    private static string[] Addresses(IReadOnlyList<uint> sources)
    {
        var addresses = new string[sources.Count];
        for (int i = 0; i < addresses.Length; i++)
        {
            addresses[i] = Address(sources[i]);
        }
        return addresses;
    }

    private static string Address(uint address) => Ipv4.ToIPAddress(address).ToString();

    private DateTimeOffset Now() => LocalTime.At(time.GetUtcNow().UtcDateTime);

    private static string Stamp(DateTimeOffset now) => Timestamps.DateAndTime(now.DateTime);

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    // A closed pipe (observe | head) must not end the observation.
    private static void Write(string text) => _ = StandardStream.Write(StandardStream.Output, Encoding.UTF8.GetBytes(text + "\n"));
}
