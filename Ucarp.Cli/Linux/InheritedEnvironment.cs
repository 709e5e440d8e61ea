namespace Ucarp.Cli.Linux;

/// <summary>
/// The environment children start with: this process's own as the kernel gave it (so bytes that are not
/// UTF-8 pass through), less what Remove takes out. Environment.SetEnvironmentVariable does not reach it.
/// </summary>
internal static class InheritedEnvironment
{
    private static readonly List<string> s_entries = ProcSelf.Environment();

    public static IReadOnlyList<string> Entries => s_entries;

    public static void Remove(string name) => s_entries.RemoveAll(entry => NameOf(entry).SequenceEqual(name));

    public static ReadOnlySpan<char> NameOf(string entry)
    {
        int equals = entry.IndexOf('=', StringComparison.Ordinal);
        return equals < 0 ? entry : entry.AsSpan(0, equals);
    }
}
