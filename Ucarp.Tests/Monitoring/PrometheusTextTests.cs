using System.Text;
using System.Text.RegularExpressions;
using Ucarp.Cli.Monitoring;

namespace Ucarp.Tests.Monitoring;

public partial class PrometheusTextTests
{
    // The text exposition format 0.0.4: metric and label names, quoted label values with only
    // \\, \" and \n escaped, one space, then the value.
    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)\{(?<labels>(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*",?)*)\} (?<value>-?[0-9]+(?:\.[0-9]+)?)$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex("""(?<name>[a-zA-Z_][a-zA-Z0-9_]*)="(?<value>(?:[^"\\\n]|\\[\\"n])*)",?""")]
    private static partial Regex Label();

    private static string[] Lines(InstanceSnapshot snapshot) =>
        Encoding.UTF8.GetString(PrometheusText.Format(snapshot)).TrimEnd('\n').Split('\n');

    private static Dictionary<string, string> Labels(string labels) =>
        Label().Matches(labels).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["value"].Value);

    [Fact]
    public void Format_EveryFamily_HelpThenTypeThenItsSamplesOnly()
    {
        string[] lines = Lines(SnapshotSamples.Master());
        Assert.EndsWith("\n", Encoding.UTF8.GetString(PrometheusText.Format(SnapshotSamples.Master())), StringComparison.Ordinal);

        string? family = null;
        var types = new Dictionary<string, string>();
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("# HELP ", StringComparison.Ordinal))
            {
                family = lines[i].Split(' ')[2];
                Assert.True(lines[i].Split(' ').Length > 3, "HELP without text: " + lines[i]);
                string[] type = lines[++i].Split(' ');
                Assert.Equal(["#", "TYPE", family], type[..3]);
                types.Add(family, type[3]);
                continue;
            }
            Match sample = SampleLine().Match(lines[i]);
            Assert.True(sample.Success, "not a sample line: " + lines[i]);
            Assert.Equal(family, sample.Groups["name"].Value);
        }

        Assert.Equal(new Dictionary<string, string>
        {
            ["ucarp_state"] = "gauge",
            ["ucarp_advertisements_sent_total"] = "counter",
            ["ucarp_advertisements_received_total"] = "counter",
            ["ucarp_send_failures_total"] = "counter",
            ["ucarp_gratuitous_arps_total"] = "counter",
            ["ucarp_bow_outs_total"] = "counter",
            ["ucarp_packets_dropped_total"] = "counter",
            ["ucarp_transitions_total"] = "counter",
            ["ucarp_script_runs_total"] = "counter",
            ["ucarp_script_failures_total"] = "counter",
            ["ucarp_advskew"] = "gauge",
            ["ucarp_last_transition_timestamp_seconds"] = "gauge",
        }, types);
    }

    [Fact]
    public void Format_EverySample_CarriesVhidInterfaceVip()
    {
        foreach (string line in Lines(SnapshotSamples.Master()).Where(l => !l.StartsWith('#')))
        {
            Dictionary<string, string> labels = Labels(SampleLine().Match(line).Groups["labels"].Value);
            Assert.Equal("7", labels["vhid"]);
            Assert.Equal("eth0", labels["interface"]);
            Assert.Equal("198.18.0.100", labels["vip"]);
        }
    }

    [Fact]
    public void Format_Values_FromTheSnapshot()
    {
        string[] lines = Lines(SnapshotSamples.Master());
        string Value(string name, string? label = null) =>
            lines.Select(l => SampleLine().Match(l)).Single(m => m.Success && m.Groups["name"].Value == name
                && (label is null || m.Groups["labels"].Value.Contains(label, StringComparison.Ordinal))).Groups["value"].Value;

        Assert.Equal("0", Value("ucarp_state", "state=\"INIT\""));
        Assert.Equal("0", Value("ucarp_state", "state=\"BACKUP\""));
        Assert.Equal("1", Value("ucarp_state", "state=\"MASTER\""));
        Assert.Equal("11", Value("ucarp_advertisements_sent_total"));
        Assert.Equal("12", Value("ucarp_advertisements_received_total"));
        Assert.Equal("13", Value("ucarp_send_failures_total"));
        Assert.Equal("14", Value("ucarp_gratuitous_arps_total"));
        Assert.Equal("15", Value("ucarp_bow_outs_total"));
        Assert.Equal("109", Value("ucarp_packets_dropped_total", "reason=\"bad_digest\""));
        Assert.Equal("104", Value("ucarp_packets_dropped_total", "reason=\"bad_ttl\""));
        Assert.Equal("1", Value("ucarp_transitions_total", "to=\"MASTER\""));
        Assert.Equal("2", Value("ucarp_transitions_total", "to=\"BACKUP\""));
        Assert.Equal("21", Value("ucarp_script_runs_total", "script=\"up\""));
        Assert.Equal("22", Value("ucarp_script_runs_total", "script=\"down\""));
        Assert.Equal("23", Value("ucarp_script_failures_total", "script=\"up\""));
        Assert.Equal("24", Value("ucarp_script_failures_total", "script=\"down\""));
        Assert.Equal("240", Value("ucarp_advskew"));
        // 2026-11-27T08:55:36.123456Z
        Assert.Equal("1795769736.123456", Value("ucarp_last_transition_timestamp_seconds"));
    }

    [Theory]
    [InlineData("eth0", "eth0")]
    [InlineData(@"a\b", @"a\\b")]
    [InlineData("a\"b", "a\\\"b")]
    [InlineData("a\nb", @"a\nb")]
    [InlineData("\\\"\n", @"\\\""\n")]
    public void EscapeLabelValue_BackslashQuoteNewline_EscapedAsTheFormatSays(string value, string escaped) =>
        Assert.Equal(escaped, PrometheusText.EscapeLabelValue(value));

    [Fact]
    public void Format_InterfaceNeedingEscapes_EveryLineStillOneValidSample()
    {
        string[] lines = Lines(SnapshotSamples.Master("we\"ird\\if\nx"));

        Assert.All(lines.Where(l => !l.StartsWith('#')), line =>
        {
            Match sample = SampleLine().Match(line);
            Assert.True(sample.Success, line);
            Assert.Equal(@"we\""ird\\if\nx", Labels(sample.Groups["labels"].Value)["interface"]);
        });
    }

    [Fact]
    public void Format_Stopped_NoLiveStateIsOne()
    {
        string[] lines = Lines(SnapshotSamples.Master() with { State = InstanceSnapshot.Stopped });

        Assert.Contains(lines, l => l.StartsWith("ucarp_state{", StringComparison.Ordinal) && l.Contains("state=\"STOPPED\"} 1", StringComparison.Ordinal));
        Assert.Single(lines, l => l.StartsWith("ucarp_state{", StringComparison.Ordinal) && l.EndsWith(" 1", StringComparison.Ordinal));
    }

    [Fact]
    public void Format_ReadByPrometheusClientParser_SameSeriesAndEscapesUndone()
    {
        PrometheusParser.SkipUnlessInstalled();
        IReadOnlyList<PrometheusParser.Sample> samples =
            PrometheusParser.Parse(Encoding.UTF8.GetString(PrometheusText.Format(SnapshotSamples.Master("we\"ird\\if\nx"))));

        Assert.All(samples, s => Assert.Equal("we\"ird\\if\nx", s.Labels["interface"]));
        Assert.Equal(1, samples.Single(s => s.Name == "ucarp_state" && s.Labels["state"] == "MASTER").Value);
        PrometheusParser.Sample sent = samples.Single(s => s.Name == "ucarp_advertisements_sent_total");
        Assert.Equal(("counter", "ucarp_advertisements_sent", 11.0), (sent.Type, sent.Family, sent.Value));
        Assert.Equal(12, samples.Count(s => s.Name == "ucarp_packets_dropped_total"));
        Assert.Equal(1795769736.123456, samples.Single(s => s.Name == "ucarp_last_transition_timestamp_seconds").Value, 6);
    }

    [Fact]
    public void Format_WithCheck_HealthyGaugeAndRunsByResult()
    {
        string[] samples = [.. Lines(SnapshotSamples.Unhealthy()).Where(l => !l.StartsWith('#'))];
        string Value(string name, string? label = null) =>
            samples.Select(l => SampleLine().Match(l)).Single(m => m.Groups["name"].Value == name
                && (label is null || m.Groups["labels"].Value.Contains(label, StringComparison.Ordinal))).Groups["value"].Value;

        Assert.Equal("0", Value("ucarp_healthy"));
        Assert.Equal("32", Value("ucarp_check_runs_total", "result=\"passed\""));
        Assert.Equal("33", Value("ucarp_check_runs_total", "result=\"failed\""));
        Assert.Equal("34", Value("ucarp_check_runs_total", "result=\"timed_out\""));
        Assert.Contains("# TYPE ucarp_healthy gauge", Lines(SnapshotSamples.Unhealthy()));
        Assert.Contains("# TYPE ucarp_check_runs_total counter", Lines(SnapshotSamples.Unhealthy()));
    }

    [Fact]
    public void Format_WithoutCheck_NoHealthSeries() =>
        Assert.DoesNotContain(Lines(SnapshotSamples.Master()), l => l.Contains("ucarp_healthy", StringComparison.Ordinal) || l.Contains("ucarp_check_", StringComparison.Ordinal));
}
