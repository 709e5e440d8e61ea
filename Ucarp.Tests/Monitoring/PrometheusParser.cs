using System.Diagnostics;
using System.Text.Json;

namespace Ucarp.Tests.Monitoring;

/// <summary>
/// The reference parser of the Prometheus text format, from Debian's python3-prometheus-client
/// (what ./build.sh test installs): our files must read the way Prometheus' own client reads them.
/// </summary>
internal static class PrometheusParser
{
    private const string Python = "/usr/bin/python3";

    private const string Script = """
        import json, sys
        from prometheus_client.parser import text_string_to_metric_families
        out = []
        for family in text_string_to_metric_families(sys.stdin.read()):
            for sample in family.samples:
                out.append({"family": family.name, "type": family.type, "help": family.documentation,
                            "name": sample.name, "labels": sample.labels, "value": sample.value})
        print(json.dumps(out))
        """;

    internal sealed record Sample(string Family, string Type, string Help, string Name, Dictionary<string, string> Labels, double Value);

    public static void SkipUnlessInstalled() =>
        Assert.SkipUnless(File.Exists("/usr/lib/python3/dist-packages/prometheus_client/parser.py") && File.Exists(Python),
            "python3-prometheus-client is not installed (./build.sh test installs it)");

    public static IReadOnlyList<Sample> Parse(string text)
    {
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script);
        using Process process = Process.Start(start)!;
        process.StandardInput.Write(text);
        process.StandardInput.Close();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, "the Prometheus parser refused the file: " + stderr.Result);
        using JsonDocument json = JsonDocument.Parse(stdout);
        return [.. json.RootElement.EnumerateArray().Select(e => new Sample(
            e.GetProperty("family").GetString()!,
            e.GetProperty("type").GetString()!,
            e.GetProperty("help").GetString()!,
            e.GetProperty("name").GetString()!,
            e.GetProperty("labels").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!),
            e.GetProperty("value").GetDouble()))];
    }
}
