using System.Globalization;
using Ucarp.Cli.Linux;
using Ucarp.Cli.Logging;
using Ucarp.Protocol.Observe;
using Ucarp.Protocol.Packets;

namespace Ucarp.Cli.Observe;

// --log-format=json: one JSON object per line, to write (stdout in the daemon, a list in tests). Times
// are UTC with Z, as in the log and the status file.
internal sealed class JsonObserveOutput(TimeProvider time, Action<byte[]>? write = null) : IObserveOutput
{
    private readonly Action<byte[]> _write = write ?? ToStdout;
    private readonly JsonWriter _writer = new();

    public void AdvertiserChanged(Advertiser a, bool isNew) => Line(writer =>
    {
        Start(writer, "advert");
        writer.WriteString("change", isNew ? "new" : "changed");
        WriteAdvertiser(writer, a);
        writer.WriteString("destination", ObserveNames.Of(a.Destination));
        writer.WriteString("checksum", "ok");
        if (!a.IsVrrp)
        {
            // A string: the counter is 64-bit, and readers that hold numbers as doubles (jq, JavaScript)
            // round it past 2^53.
            writer.WriteString("counter", a.Counter.ToString(CultureInfo.InvariantCulture));
        }
    });

    /// <summary>The first line: what is watched (vhid null: every one) and for how long (seconds null: until a signal).</summary>
    public void Started(string interfaceName, byte vhid, TimeSpan? duration) => Line(writer =>
    {
        Start(writer, "start");
        writer.WriteString("interface", interfaceName);
        if (vhid == 0)
        {
            writer.WriteNull("vhid");
        }
        else
        {
            writer.WriteNumber("vhid", vhid);
        }
        if (duration is { } seconds)
        {
            writer.WriteNumber("seconds", (long)seconds.TotalSeconds);
        }
        else
        {
            writer.WriteNull("seconds");
        }
    });

    public void AlarmChanged(ObserverAlarm alarm) => Line(writer =>
    {
        Start(writer, "alarm");
        writer.WriteString("kind", ObserveNames.Of(alarm.Kind));
        writer.WriteString("state", alarm.Raised ? "raised" : "cleared");
        writer.WriteNumber("vhid", alarm.Vhid);
        writer.WriteString("family", ObserveNames.Family(alarm.IsIpv6));
        writer.WriteStartArray("sources");
        foreach (CarpAddress source in alarm.Sources)
        {
            writer.WriteStringValue(source.ToString());
        }
        writer.WriteEndArray();
        writer.WriteString("evidence", alarm.Evidence);
    });

    public void WriteSummary(SegmentObserver observer)
    {
        DateTime now = time.GetUtcNow().UtcDateTime;
        Advertiser[] sorted = observer.AdvertisersByVhidAndSource();
        for (int start = 0, end; start < sorted.Length; start = end)
        {
            // One summary line per vhid and family: a dual-stack pair runs two elections.
            (byte vhid, bool ipv6) = (sorted[start].Vhid, sorted[start].IsIpv6);
            for (end = start + 1; end < sorted.Length && sorted[end].Vhid == vhid && sorted[end].IsIpv6 == ipv6; end++)
            {
            }
            ArraySegment<Advertiser> group = new(sorted, start, end - start);
            Line(writer =>
            {
                Start(writer, "summary");
                writer.WriteNumber("vhid", vhid);
                writer.WriteString("family", ObserveNames.Family(ipv6));
                writer.WriteStartArray("advertisers");
                foreach (Advertiser a in group)
                {
                    writer.WriteStartObject();
                    WriteAdvertiser(writer, a);
                    writer.WriteNumber("adverts", a.Adverts);
                    writer.WriteString("last_seen", Timestamps.Rfc3339Utc(now - time.GetElapsedTime(a.LastSeen)));
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
            });
        }
        Line(writer =>
        {
            Start(writer, "frames");
            foreach ((string name, long count) in ObserveNames.Counts(observer.Frames))
            {
                writer.WriteNumber(name, count);
            }
            writer.WriteNumber("alarms_raised", observer.AlarmsRaised);
        });
    }

    private void Start(JsonWriter writer, string name)
    {
        writer.WriteString("event", name);
        writer.WriteString("time", Timestamps.Rfc3339Utc(time.GetUtcNow().UtcDateTime));
    }

    private static void WriteAdvertiser(JsonWriter writer, Advertiser a)
    {
        writer.WriteNumber("vhid", a.Vhid);
        writer.WriteString("protocol", ObserveNames.Of(a.Protocol));
        writer.WriteString("family", ObserveNames.Family(a.IsIpv6));
        writer.WriteString("source", a.Source.ToString());
        writer.WriteString("mac", a.Mac.ToString());
        if (a.IsVrrp)
        {
            writer.WriteNumber("priority", a.Priority);
            writer.WriteNumber("interval_ms", (long)a.Interval.TotalMilliseconds);
        }
        else
        {
            writer.WriteNumber("advbase", a.AdvBase);
            writer.WriteNumber("advskew", a.AdvSkew);
        }
        writer.WriteNumber("ttl", a.Ttl);
        writer.WriteString("digest", ObserveNames.Of(a.Digest));
        if (a.Digest == DigestStatus.Ok)
        {
            writer.WriteString("vip", a.VirtualAddress.ToString());
        }
        else
        {
            writer.WriteNull("vip");
        }
        writer.WriteString("state", ObserveNames.Of(a.State));
    }

    private void Line(Action<JsonWriter> body)
    {
        _writer.Reset();
        _writer.WriteStartObject();
        body(_writer);
        _writer.WriteEndObject();
        _writer.WriteNewLine();
        _write(_writer.WrittenSpan.ToArray());
    }

    // A closed pipe must not end the observation.
    private static void ToStdout(byte[] line) => _ = StandardStream.Write(StandardStream.Output, line);
}
