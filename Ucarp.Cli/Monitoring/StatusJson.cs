using Ucarp.Cli.Logging;

namespace Ucarp.Cli.Monitoring;

/// <summary>The --status-file document: one JSON object, snake_case names, counters nested.</summary>
internal static class StatusJson
{
    public static byte[] Format(InstanceSnapshot s)
    {
        var json = new JsonWriter(indented: true);
        json.WriteStartObject();
        json.WriteNumber("pid", s.Pid);
        json.WriteString("interface", s.Interface);
        json.WriteNumber("vhid", s.Vhid);
        json.WriteString("vip", s.Vip);
        json.WriteString("source", s.Source);
        json.WriteString("state", s.State);
        json.WriteString("previous_state", s.PreviousState);
        json.WriteString("since", Timestamps.Rfc3339Utc(DateTime.UnixEpoch + s.SinceEpoch));
        json.WriteString("reason", s.Reason);
        json.WriteString("written_at", Timestamps.Rfc3339Utc(DateTime.UnixEpoch + s.WrittenAtEpoch));
        json.WriteNumber("advbase", s.AdvBase);
        json.WriteNumber("advskew", s.AdvSkew);
        json.WriteNumber("effective_advskew", s.EffectiveAdvSkew);
        json.WriteBoolean("preempt", s.Preempt);
        json.WriteString("master", s.Master);
        if (s.Health is { } health)
        {
            json.WriteBoolean("healthy", health.Healthy);
            json.WriteNumber("check_failures", health.CheckFailures);
            json.WriteBoolean("check_stuck", health.CheckStuck);
        }

        json.WriteStartObject("counters");
        foreach (CounterFamily counter in MonitorCounters.All)
        {
            if (!counter.IsIn(s))
            {
                continue;
            }
            if (counter.Label is null || counter.StatusTotal)
            {
                json.WriteNumber(counter.Key, counter.Total(s));
                continue;
            }
            json.WriteStartObject(counter.Key);
            for (int i = 0; i < counter.LabelValues.Length; i++)
            {
                json.WriteNumber(counter.LabelValues[i], counter.Value(s, i));
            }
            json.WriteEndObject();
        }
        json.WriteEndObject();

        json.WriteEndObject();
        json.WriteNewLine();
        return json.WrittenSpan.ToArray();
    }
}
