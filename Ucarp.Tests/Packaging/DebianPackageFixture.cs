namespace Ucarp.Tests.Packaging;

/// Builds the .deb once per test class with scripts/deb.sh from the binary in $UCARP_BIN,
/// into a temporary directory, and unpacks it there with dpkg-deb -x: nothing is ever
/// installed over the machine's own files.
public sealed class DebianPackageFixture : IAsyncLifetime
{
    private string? _skipReason;
    private string? _work;

    public string RepoRoot { get; } = FindRepoRoot();

    /// Where the package was unpacked (the files under it are the package's, e.g. Root/usr/sbin/ucarp).
    public string Root => Path.Combine(Work, "root");

    public string DebPath { get; private set; } = "";

    public string BinaryPath { get; private set; } = "";

    public string Work => _work ?? throw new InvalidOperationException("fixture not initialized");

    public string Version { get; private set; } = "";

    /// Skips the calling test when the package could not be built here (not root, no UCARP_BIN).
    public void SkipUnlessReady() => Assert.SkipWhen(_skipReason is not null, _skipReason ?? "");

    public async ValueTask InitializeAsync()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            _skipReason = "needs root (network namespaces, dpkg-deb --root-owner-group checks)";
            return;
        }
        BinaryPath = Environment.GetEnvironmentVariable("UCARP_BIN") ?? "";
        if (BinaryPath.Length == 0 || !File.Exists(BinaryPath))
        {
            _skipReason = "UCARP_BIN does not name the ucarp binary to package (build.sh test sets it)";
            return;
        }
        _work = Directory.CreateTempSubdirectory("ucarp-pkg-").FullName;
        var output = Path.Combine(_work, "out");
        await ProcessRunner.RunCheckedAsync(
            "bash", [Path.Combine(RepoRoot, "scripts", "deb.sh"), BinaryPath, output], timeout: TimeSpan.FromSeconds(60));
        DebPath = Directory.GetFiles(output, "ucarp_*_amd64.deb").Single();
        Version = (await ProcessRunner.RunCheckedAsync("dpkg-deb", ["-f", DebPath, "Version"])).StdOut.Trim();
        await ProcessRunner.RunCheckedAsync("dpkg-deb", ["-x", DebPath, Root]);
    }

    public ValueTask DisposeAsync()
    {
        if (_work is not null && Directory.Exists(_work))
        {
            Directory.Delete(_work, recursive: true);
        }
        return ValueTask.CompletedTask;
    }

    /// A path inside the unpacked package, from its absolute installed path.
    public string InRoot(string installedPath) => Path.Combine(Root, installedPath.TrimStart('/'));

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ucarp.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"no ucarp.sln above {AppContext.BaseDirectory}");
    }
}
