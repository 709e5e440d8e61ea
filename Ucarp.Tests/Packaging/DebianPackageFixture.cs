using Ucarp.Tests.Fakes;
using Ucarp.Tests.Network;

namespace Ucarp.Tests.Packaging;

/// Builds the .deb once per test class with scripts/deb.sh from the binary in $UCARP_BIN,
/// into a temporary directory, and unpacks it there with dpkg-deb -x: nothing is ever
/// installed over the machine's own files.
public sealed class DebianPackageFixture : IAsyncLifetime
{
    private string? _skipReason;
    private string? _work;

    public string RepoRoot { get; } = RepositoryFiles.Root;

    /// Where the package was unpacked (the files under it are the package's, e.g. Root/usr/sbin/ucarp).
    public string Root => Path.Combine(Work, "root");

    public string DebPath { get; private set; } = "";

    public string BinaryPath { get; private set; } = "";

    public string Work => _work ?? throw new InvalidOperationException("fixture not initialized");

    public string Version { get; private set; } = "";

    /// Skips the calling test when the package could not be built here (not root, no UCARP_BIN).
    public void SkipUnlessReady() => Assert.SkipWhen(_skipReason is not null, _skipReason ?? "");

    public ValueTask InitializeAsync()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            _skipReason = "needs root (network namespaces, dpkg-deb --root-owner-group checks)";
            return ValueTask.CompletedTask;
        }
        BinaryPath = Environment.GetEnvironmentVariable("UCARP_BIN") ?? "";
        if (BinaryPath.Length == 0 || !File.Exists(BinaryPath))
        {
            _skipReason = "UCARP_BIN does not name the ucarp binary to package (build.sh test sets it)";
            return ValueTask.CompletedTask;
        }
        _work = Directory.CreateTempSubdirectory("ucarp-pkg-").FullName;
        var output = Path.Combine(_work, "out");
        // deb.sh xz-compresses the whole package: it gets more than the 30 s a plain command does.
        TestNetwork.Run("bash", [Path.Combine(RepoRoot, "scripts", "deb.sh"), BinaryPath, output], timeout: TimeSpan.FromSeconds(60))
            .EnsureSuccess("scripts/deb.sh");
        DebPath = Directory.GetFiles(output, "ucarp_*_amd64.deb").Single();
        Version = DpkgDeb("-f", DebPath, "Version").Stdout.Trim();
        _ = DpkgDeb("-x", DebPath, Root);
        return ValueTask.CompletedTask;
    }

    /// dpkg-deb with these arguments, which must succeed.
    public static ExecResult DpkgDeb(params string[] args) => TestNetwork.Run("dpkg-deb", args).EnsureSuccess("dpkg-deb " + string.Join(' ', args));

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
}
