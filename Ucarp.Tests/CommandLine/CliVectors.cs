using System.Text.Json;
using Ucarp.Tests.Fakes;

namespace Ucarp.Tests.CommandLine;

// Vectors/ucarp-1.5.2-cli.json: how Debian's ucarp 1.5.2 answered 32 command lines.
public static class CliVectors
{
    private static readonly Lazy<IReadOnlyList<CliVector>> _all = new(Load);

    public static IReadOnlyList<CliVector> All => _all.Value;

    // [Theory] data: every case name.
    public static TheoryData<string> Names => [.. All.Select(v => v.Name)];

    public static CliVector Get(string name) => All.Single(v => v.Name == name);

    private static List<CliVector> Load()
    {
        using JsonDocument json = RepositoryFiles.LoadVector("ucarp-1.5.2-cli.json");
        var vectors = new List<CliVector>();
        foreach (JsonElement c in json.RootElement.GetProperty("cases").EnumerateArray())
        {
            JsonElement exit = c.GetProperty("exit");
            vectors.Add(new CliVector(
                c.GetProperty("case").GetString()!,
                [.. c.GetProperty("argv").EnumerateArray().Select(a => a.GetString()!)],
                exit.ValueKind == JsonValueKind.Number ? exit.GetInt32() : null,
                [.. c.GetProperty("stdout").EnumerateArray().Select(a => a.GetString()!)],
                [.. c.GetProperty("stderr").EnumerateArray().Select(a => a.GetString()!)]));
        }

        return vectors;
    }
}
