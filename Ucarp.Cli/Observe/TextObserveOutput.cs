using System.Globalization;
using System.Text;
using Ucarp.Cli.Linux;
using Ucarp.Cli.Logging;
using Ucarp.Protocol;
using Ucarp.Protocol.Observe;
using Ucarp.Protocol.Packets;

namespace Ucarp.Cli.Observe;

// Human lines on stdout, time-stamped like the daemon's terminal lines, and a table at the end.
// Lines go to writeLine: stdout in the daemon (ToStdout), a list in tests.
internal sealed class TextObserveOutput(TimeProvider time, Action<string> writeLine) : IObserveOutput
{
    public void AdvertiserChanged(Advertiser a, bool isNew) =>
        Write($"{Stamp(Now())}: {(isNew ? "new" : "changed")} {ObserveNames.Of(a.Protocol)} advertiser vhid {a.Vhid} {ObserveNames.Family(a.IsIpv6)} {a.Source} ({a.Mac}) "
            + $"{Parameters(a)} {(a.IsIpv6 ? "hlim" : "ttl")} {a.Ttl} {ObserveNames.Of(a.Destination)} digest {ObserveNames.Of(a.Digest)}{Vip(a, " vip ")} state {ObserveNames.Of(a.State)}");

    /// <summary>The first line: what is watched and for how long (null: until a signal).</summary>
    public void Started(string interfaceName, byte vhid, TimeSpan? duration) =>
        Write(Format($"{Stamp(Now())}: watching [{interfaceName}] for CARP and VRRP adverts of {(vhid == 0 ? "every vhid" : Format($"vhid {vhid}"))}, IPv4 and IPv6, ")
            + (duration is { } seconds
                ? Format($"for {(long)seconds.TotalSeconds} s (Ctrl-C or SIGTERM ends it sooner), then a summary")
                : "until Ctrl-C or SIGTERM, then a summary"));

    public void AlarmChanged(ObserverAlarm alarm) =>
        Write($"{Stamp(Now())}: {(alarm.Raised ? "ALARM" : "cleared")} {ObserveNames.Of(alarm.Kind)}"
            + (alarm.IsSegmentWide ? "" : $" vhid {alarm.Vhid} {ObserveNames.Family(alarm.IsIpv6)} [{string.Join(' ', alarm.Sources)}]") + $": {alarm.Evidence}");

    public void WriteSummary(SegmentObserver observer)
    {
        var text = new StringBuilder();
        // IPv4 sources fit the 15 columns of 255.255.255.255; IPv6 ones widen the column for all.
        Advertiser[] sorted = observer.AdvertisersByVhidAndSource();
        int width = 15;
        foreach (Advertiser a in sorted)
        {
            width = Math.Max(width, a.Source.ToString().Length);
        }
        text.Append(CultureInfo.InvariantCulture, $"{"vhid",-5} {"source".PadRight(width)} {"mac",-17} {"protocol",-8} {"adv/prio",-8} {"ttl",3} {"last seen",-15} {"adverts",8} {"digest",-9} vip\n");
        DateTimeOffset now = Now();
        foreach (Advertiser a in sorted)
        {
            DateTimeOffset lastSeen = now - time.GetElapsedTime(a.LastSeen);
            text.Append(CultureInfo.InvariantCulture,
                $"{a.Vhid,-5} {a.Source.ToString().PadRight(width)} {a.Mac,-17} {ObserveNames.Of(a.Protocol),-8} {Interval(a),-8} {a.Ttl,3} {Timestamps.TimeOfDayMilliseconds(lastSeen.DateTime)}    {a.Adverts,8} {ObserveNames.Of(a.Digest),-9} {Vip(a, "")}\n");
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
        ? Format($"priority {a.Priority} interval {DurationText.SecondsUpTo(a.Interval, 2)} s")
        : Format($"advbase {a.AdvBase} advskew {a.AdvSkew}");

    private static string Interval(Advertiser a) => a.IsVrrp ? Format($"p{a.Priority}") : Format($"{a.AdvBase}/{a.AdvSkew}");

    private static string Vip(Advertiser a, string prefix) => a.Digest == DigestStatus.Ok ? prefix + a.VirtualAddress : "";

    private DateTimeOffset Now() => LocalTime.At(time.GetUtcNow().UtcDateTime);

    private static string Stamp(DateTimeOffset now) => Timestamps.DateAndTime(now.DateTime);

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private void Write(string text) => writeLine(text);

    /// <summary>One line on stdout; a closed pipe (observe | head) must not end the observation.</summary>
    public static void ToStdout(string text) => _ = StandardStream.Write(StandardStream.Output, Encoding.UTF8.GetBytes(text + "\n"));
}
