using System.Globalization;
using System.Text;

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

        if (s.Health is { } health)
        {
            Family(text, "ucarp_healthy", "gauge", "1 while the health check passes (or has not failed yet), 0 while the host is demoted for it.");
            Sample(text, "ucarp_healthy", common, null, null, health.Healthy ? 1 : 0);
        }

        foreach (CounterFamily counter in MonitorCounters.All)
        {
            if (!counter.IsIn(s))
            {
                continue;
            }
            Family(text, counter.Metric, "counter", counter.Help);
            if (counter.Label is null)
            {
                Sample(text, counter.Metric, common, null, null, counter.Value(s, 0));
                continue;
            }
            for (int i = 0; i < counter.LabelValues.Length; i++)
            {
                Sample(text, counter.Metric, common, counter.Label, counter.LabelValues[i], counter.Value(s, i));
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
