namespace Ucarp.Cli.Monitoring;

/// <summary>
/// One counter both files carry: its key under the status file's <c>counters</c>, its metric family, and,
/// when it is split by a label, the label's values, which are also the keys of its object in the status
/// file. <paramref name="value"/> takes the index of the label value (0 for a lone number).
/// </summary>
internal sealed class CounterFamily(string key, string metric, string help, string? label, string[] labelValues,
    Func<InstanceSnapshot, int, long> value)
{
    public string Key { get; } = key;
    public string Metric { get; } = metric;
    public string Help { get; } = help;
    public string? Label { get; } = label;
    public ReadOnlySpan<string> LabelValues => labelValues;
    public Func<InstanceSnapshot, int, long> Value { get; } = value;

    /// <summary>The status file has the sum, as one number, rather than one per label value.</summary>
    public bool StatusTotal { get; init; }

    /// <summary>Only with --check.</summary>
    public bool HealthOnly { get; init; }

    public bool IsIn(InstanceSnapshot snapshot) => !HealthOnly || snapshot.Health is not null;

    public long Total(InstanceSnapshot snapshot)
    {
        long total = 0;
        for (int i = 0; i < Math.Max(1, LabelValues.Length); i++)
        {
            total += Value(snapshot, i);
        }
        return total;
    }
}
