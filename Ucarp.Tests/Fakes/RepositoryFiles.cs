using System.Text.Json;

namespace Ucarp.Tests.Fakes;

/// <summary>
/// What the tests read from the repository: its root, and the vectors captured from Debian's
/// ucarp 1.5.2 (Ucarp.Tests/Vectors, copied beside the test assembly). Nothing outside the clone.
/// </summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static JsonDocument LoadVector(string fileName) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Vectors", fileName)));

    private static string FindRoot()
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
