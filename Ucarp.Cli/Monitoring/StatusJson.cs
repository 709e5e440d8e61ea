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
        json.WriteNumber("advertisements_sent", s.AdvertisementsSent);
        json.WriteNumber("advertisements_received", s.AdvertisementsReceived);
        json.WriteNumber("send_failures", s.SendFailures);
        json.WriteNumber("gratuitous_arps", s.GratuitousArps);
        json.WriteNumber("bow_outs", s.BowOuts);
        json.WriteNumber("transitions", s.Transitions);
        json.WriteStartObject("dropped");
        foreach (var reason in InstanceSnapshot.DropReasons)
        {
            json.WriteNumber(EventNames.Drop(reason), s.Dropped[(int)reason]);
        }
        json.WriteEndObject();
        WriteUpDown(json, "script_runs", s.UpScriptRuns, s.DownScriptRuns);
        WriteUpDown(json, "script_failures", s.UpScriptFailures, s.DownScriptFailures);
        if (s.Health is { } runs)
        {
            json.WriteStartObject("check_runs");
            foreach (Ucarp.Protocol.Engine.CheckResult result in HealthSnapshot.Results)
            {
                json.WriteNumber(HealthSnapshot.Name(result), runs.Runs[(int)result]);
            }
            json.WriteEndObject();
        }
        json.WriteEndObject();

        json.WriteEndObject();
        json.WriteNewLine();
        return json.WrittenSpan.ToArray();
    }

    private static void WriteUpDown(JsonWriter json, string name, long up, long down)
    {
        json.WriteStartObject(name);
        json.WriteNumber("up", up);
        json.WriteNumber("down", down);
        json.WriteEndObject();
    }
}
