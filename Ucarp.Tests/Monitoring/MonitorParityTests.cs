using System.Text;
using System.Text.Json;
using Ucarp.Cli.Monitoring;

namespace Ucarp.Tests.Monitoring;

/// <summary>
/// The status file and the metrics state the same counters, both ways, each read by a real parser:
/// System.Text.Json for the one, Prometheus' own client for the other. A counter <c>k</c> of the status
/// file is the metric <c>ucarp_k_total</c> (the drops, <c>ucarp_packets_dropped_total</c>); a number is
/// the sum of the metric's series, an object has one key per label value.
/// </summary>
public class MonitorParityTests
{
    private static string MetricOf(string key) => key == "dropped" ? "ucarp_packets_dropped_total" : $"ucarp_{key}_total";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Formats_EveryStatusCounterIsAMetricAndEveryCounterMetricIsInTheStatus(bool withCheck)
    {
        PrometheusParser.SkipUnlessInstalled();
        InstanceSnapshot snapshot = withCheck ? SnapshotSamples.Unhealthy() : SnapshotSamples.Master();
        using JsonDocument status = JsonDocument.Parse(StatusJson.Format(snapshot));
        IReadOnlyList<PrometheusParser.Sample> metrics = PrometheusParser.Parse(Encoding.UTF8.GetString(PrometheusText.Format(snapshot)));
        JsonElement counters = status.RootElement.GetProperty("counters");

        foreach (JsonProperty counter in counters.EnumerateObject())
        {
            PrometheusParser.Sample[] series = [.. metrics.Where(s => s.Name == MetricOf(counter.Name))];
            Assert.True(series.Length > 0, $"no metric for the status file's counter {counter.Name}");
            Assert.All(series, s => Assert.Equal("counter", s.Type));
            if (counter.Value.ValueKind == JsonValueKind.Number)
            {
                Assert.Equal(counter.Value.GetInt64(), series.Sum(s => s.Value));
                continue;
            }
            // One label beside vhid, interface and vip; its values are the object's keys.
            Assert.Equal(
                counter.Value.EnumerateObject().Select(p => (p.Name, (double)p.Value.GetInt64())).Order(),
                series.Select(s => (s.Labels.Single(l => l.Key is not ("vhid" or "interface" or "vip")).Value, s.Value)).Order());
        }
        string[] keys = [.. counters.EnumerateObject().Select(p => MetricOf(p.Name))];
        Assert.All(metrics.Where(s => s.Type == "counter"), s => Assert.Contains(s.Name, keys));
    }
}
