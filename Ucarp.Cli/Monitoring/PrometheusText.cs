using System.Globalization;
using System.Text;
using Ucarp.Cli.Logging;
using Ucarp.Protocol.Packets;

namespace Ucarp.Cli.Monitoring;

/// <summary>
/// The --metrics-file document in the Prometheus text exposition format (version 0.0.4), as
/// node_exporter's textfile collector reads it: HELP and TYPE before each family, every series
/// labelled with vhid, interface and vip so several instances can share one directory.
/// </summary>
internal static class PrometheusText
{
    private static readonly string[] States = ["INIT", "BACKUP", "MASTER", InstanceSnapshot.Stopped];

    public static byte[] Format(InstanceSnapshot s)
    {
        var text = new StringBuilder(2048);
        string common = string.Create(CultureInfo.InvariantCulture,
            $"vhid=\"{s.Vhid}\",interface=\"{EscapeLabelValue(s.Interface)}\",vip=\"{EscapeLabelValue(s.Vip)}\"");

        Family(text, "ucarp_state", "gauge", "Current state of the virtual host: 1 for the state it is in, 0 for the others.");
        foreach (string state in States)
        {
            Sample(text, "ucarp_state", common, "state", state, state == s.State ? 1 : 0);
        }

        Family(text, "ucarp_advertisements_sent_total", "counter", "CARP advertisements sent.");
        Sample(text, "ucarp_advertisements_sent_total", common, null, null, s.AdvertisementsSent);
        Family(text, "ucarp_advertisements_received_total", "counter", "Valid CARP advertisements received for this virtual host.");
        Sample(text, "ucarp_advertisements_received_total", common, null, null, s.AdvertisementsReceived);

        Family(text, "ucarp_packets_dropped_total", "counter", "Received frames not taken as advertisements, by reason.");
        foreach (DropReason reason in InstanceSnapshot.DropReasons)
        {
            Sample(text, "ucarp_packets_dropped_total", common, "reason", EventNames.Drop(reason), s.Dropped[(int)reason]);
        }

        Family(text, "ucarp_transitions_total", "counter", "State transitions, by the state entered.");
        Sample(text, "ucarp_transitions_total", common, "to", "MASTER", s.TransitionsToMaster);
        Sample(text, "ucarp_transitions_total", common, "to", "BACKUP", s.TransitionsToBackup);

        Family(text, "ucarp_script_runs_total", "counter", "Up and down script runs started.");
        Sample(text, "ucarp_script_runs_total", common, "script", "up", s.UpScriptRuns);
        Sample(text, "ucarp_script_runs_total", common, "script", "down", s.DownScriptRuns);
        Family(text, "ucarp_script_failures_total", "counter", "Script runs that could not start, exited non-zero or were killed.");
        Sample(text, "ucarp_script_failures_total", common, "script", "up", s.UpScriptFailures);
        Sample(text, "ucarp_script_failures_total", common, "script", "down", s.DownScriptFailures);

        if (s.Health is { } health)
        {
            Family(text, "ucarp_healthy", "gauge", "1 while the health check passes (or has not failed yet), 0 while the host is demoted for it.");
            Sample(text, "ucarp_healthy", common, null, null, health.Healthy ? 1 : 0);
            Family(text, "ucarp_check_runs_total", "counter", "Health check runs, by result.");
            foreach (Ucarp.Protocol.Engine.CheckResult result in HealthSnapshot.Results)
            {
                Sample(text, "ucarp_check_runs_total", common, "result", HealthSnapshot.Name(result), health.Runs[(int)result]);
            }
        }

        Family(text, "ucarp_advskew", "gauge", "Advskew advertised now (raised while unhealthy, 240 while sends fail).");
        Sample(text, "ucarp_advskew", common, null, null, s.EffectiveAdvSkew);

        Family(text, "ucarp_last_transition_timestamp_seconds", "gauge", "Time of the last state change, in seconds since the Unix epoch.");
        // Integer arithmetic: a double has too few digits for microseconds at today's epoch seconds.
        long ticks = s.SinceEpoch.Ticks;
        text.Append("ucarp_last_transition_timestamp_seconds{").Append(common).Append("} ")
            .Append(string.Create(CultureInfo.InvariantCulture, $"{ticks / TimeSpan.TicksPerSecond}.{ticks % TimeSpan.TicksPerSecond / 10:D6}")).Append('\n');

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>The exposition format's escapes in label values: backslash, double quote and line feed.</summary>
    public static string EscapeLabelValue(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal);

    private static void Family(StringBuilder text, string name, string type, string help) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n')
            .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static void Sample(StringBuilder text, string name, string common, string? label, string? value, long number)
    {
        text.Append(name).Append('{').Append(common);
        if (label is not null)
        {
            text.Append(',').Append(label).Append("=\"").Append(value).Append('"');
        }
        text.Append("} ").Append(number.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }
}
