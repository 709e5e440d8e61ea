using System.Text.Json;

namespace Ucarp.Tests.CommandLine;

// ../shared/vectors/ucarp-1.5.2-cli.json: how Debian's ucarp 1.5.2 answered 32 command lines.
// Found through UCARP_SHARED, else beside the repository root (the folder holding ucarp.sln).
public static class CliVectors
{
    private static readonly Lazy<IReadOnlyList<CliVector>> _all = new(Load);

    public static IReadOnlyList<CliVector> All => _all.Value;

    // [Theory] data: every case name.
    public static TheoryData<string> Names => [.. All.Select(v => v.Name)];

    public static CliVector Get(string name) => All.Single(v => v.Name == name);

    public static string SharedDirectory()
    {
        string? shared = Environment.GetEnvironmentVariable("UCARP_SHARED");
        if (!string.IsNullOrEmpty(shared))
        {
            return shared;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ucarp.sln")))
            {
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared"));
            }
        }

        throw new DirectoryNotFoundException("No ucarp.sln above " + AppContext.BaseDirectory + " and UCARP_SHARED is not set.");
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ucarp.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("No ucarp.sln above " + AppContext.BaseDirectory);
    }

    private static List<CliVector> Load()
    {
        string path = Path.Combine(SharedDirectory(), "vectors", "ucarp-1.5.2-cli.json");
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(path));
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
