using System.IO.Compression;
using System.Text.RegularExpressions;
using Ucarp.Tests.Network;

namespace Ucarp.Tests.Packaging;

/// What Debian's own tools say about the package: lintian, systemd-analyze, and the copyright
/// and changelog every package must carry.
public sealed partial class DebianPackageTests
{
    private const string Lintian = "/usr/bin/lintian";
    private const string SystemdAnalyze = "/usr/bin/systemd-analyze";

    [Fact]
    public void Lintian_Package_ReportsNoErrorOrWarning()
    {
        SkipUnlessReady();
        Assert.SkipUnless(File.Exists(Lintian), "lintian is not installed (./build.sh test installs it)");

        // Errors and warnings fail; the one kept on purpose is overridden, with its reason, in
        // packaging/debian/lintian-overrides. Info tags (e.g. .comment section) are allowed.
        var lint = TestNetwork.Run(Lintian, ["--fail-on", "error,warning", "--no-tag-display-limit", package.DebPath],
            timeout: TimeSpan.FromSeconds(120));

        Assert.True(lint.ExitCode == 0, $"lintian ({lint.ExitCode}):\n{lint.Stdout}{lint.Stderr}");
        Assert.DoesNotMatch("(?m)^[EW]: ", lint.Stdout);
    }

    [Fact]
    public void Copyright_MachineReadable_CarriesTheLicenceOfTheRepository()
    {
        SkipUnlessReady();
        var copyright = File.ReadAllText(package.InRoot("/usr/share/doc/ucarp/copyright"));
        Assert.StartsWith("Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n", copyright, StringComparison.Ordinal);
        Assert.Contains("\nFiles: *\n", copyright, StringComparison.Ordinal);
        Assert.Contains("\nLicense: Expat\n", copyright, StringComparison.Ordinal);

        // DEP-5 text: continuation lines start with a space, " ." is an empty line.
        var licenceText = copyright[copyright.IndexOf("\nLicense: Expat\n", StringComparison.Ordinal)..]
            .Split('\n').Skip(2).TakeWhile(l => l.StartsWith(' ')).Select(l => l == " ." ? "" : l[1..]);
        var repository = File.ReadAllLines(Path.Combine(package.RepoRoot, "LICENSE"))
            .SkipWhile(l => !l.StartsWith("Permission", StringComparison.Ordinal));
        Assert.Equal(repository, licenceText);
    }

    [Fact]
    public void Changelog_NativePackage_NewestEntryIsThePackageVersion()
    {
        SkipUnlessReady();
        using var gzip = new GZipStream(File.OpenRead(package.InRoot("/usr/share/doc/ucarp/changelog.gz")), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var first = reader.ReadLine() ?? "";

        Assert.Equal($"ucarp ({package.Version}) unstable; urgency=medium", first);
    }

    [Fact]
    public void SystemdUnits_Verify_ReportNothing()
    {
        SkipUnlessReady();
        Assert.SkipUnless(File.Exists(SystemdAnalyze), "systemd-analyze is not installed (./build.sh test installs systemd)");

        // verify needs the unit's ExecStart binary and systemd's own targets under one root: the
        // unpacked package plus this machine's unit directory. No running systemd is involved.
        var root = Path.Combine(package.Work, "verify-root");
        _ = TestNetwork.Run("cp", ["-a", package.Root + "/.", root]).EnsureSuccess("copy the package root");
        _ = TestNetwork.Run("cp", ["-a", "/lib/systemd/system/.", Path.Combine(root, "lib/systemd/system")])
            .EnsureSuccess("copy systemd's units");

        // --man=no: the check would run this machine's man, which finds Debian's page, not ours;
        // the page Documentation= names is looked up in the package below instead.
        var verify = TestNetwork.Run(SystemdAnalyze,
            ["verify", "--man=no", "--root=" + root, "ucarp@" + InstanceName + ".service", "ucarp-instances.service"]);

        Assert.True(verify.ExitCode == 0 && verify.Stdout.Length == 0 && verify.Stderr.Length == 0,
            $"systemd-analyze verify ({verify.ExitCode}):\n{verify.Stdout}{verify.Stderr}");
        var units = File.ReadAllText(package.InRoot("/lib/systemd/system/ucarp@.service"))
            + File.ReadAllText(package.InRoot("/lib/systemd/system/ucarp-instances.service"));
        foreach (Match page in ManReference().Matches(units))
        {
            var path = $"/usr/share/man/man{page.Groups[2].Value}/{page.Groups[1].Value}.{page.Groups[2].Value}.gz";
            Assert.True(File.Exists(package.InRoot(path)), $"Documentation= names {page.Value}, which the package lacks");
        }
    }

    [GeneratedRegex(@"man:([\w.-]+)\((\d)\)")]
    private static partial Regex ManReference();
}
