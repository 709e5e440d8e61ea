using System.Text.Json;

namespace Ucarp.Tests.Fakes;

/// <summary>Finds ../shared (SPEC, vectors captured from the real ucarp 1.5.2) and the repository root.</summary>
internal static class SharedVectors
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string SharedDirectory =>
        Environment.GetEnvironmentVariable("UCARP_SHARED") is { Length: > 0 } shared
            ? shared
            : Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));

    public static JsonDocument Load(string fileName) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(SharedDirectory, "vectors", fileName)));

    private static string FindRepositoryRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ucarp.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("ucarp.sln not found above " + AppContext.BaseDirectory);
    }
}
