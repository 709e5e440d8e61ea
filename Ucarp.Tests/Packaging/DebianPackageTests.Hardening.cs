using System.Globalization;
using System.Text.RegularExpressions;
using Ucarp.Tests.Network;

namespace Ucarp.Tests.Packaging;

public sealed partial class DebianPackageTests
{
    private const string Strace = "/usr/bin/strace";

    private static readonly string[] s_units = ["ucarp@.service", "ucarp-instances.service"];

    [Fact]
    public void SystemdUnits_SecurityOffline_ExposureAtMostTheReadmeFigure()
    {
        SkipUnlessReady();
        Assert.SkipUnless(File.Exists(SystemdAnalyze), "systemd-analyze is not installed (./build.sh test installs systemd)");
        var readme = File.ReadAllText(package.InRoot("/usr/share/doc/ucarp/README.md"));
        var stated = ReadmeExposure().Match(readme);
        Assert.True(stated.Success, "README.md states no \"exposure level of at most N.N\" for the units");
        var limit = decimal.Parse(stated.Groups[1].Value, CultureInfo.InvariantCulture);

        foreach (var unit in s_units)
        {
            var security = TestNetwork.Run(SystemdAnalyze, ["security", "--offline=true", package.InRoot("/lib/systemd/system/" + unit)]);
            var overall = OverallExposure().Match(security.Stdout);
            Assert.True(overall.Success, $"systemd-analyze security {unit} ({security.ExitCode}):\n{security.Stdout}{security.Stderr}");
            var exposure = decimal.Parse(overall.Groups[1].Value, CultureInfo.InvariantCulture);
            Assert.True(exposure <= limit, $"{unit}: exposure {exposure}, README.md states at most {limit}:\n{security.Stdout}");
        }
    }

    [Fact]
    public async Task SystemdUnit_MasterThenStopUnderTrace_CallsOnlyWhatSystemCallFilterAllows()
    {
        SkipUnlessReady();
        Assert.SkipUnless(File.Exists(Strace), "strace is not installed (./build.sh test installs it)");
        Assert.SkipUnless(File.Exists(SystemdAnalyze), "systemd-analyze is not installed (./build.sh test installs systemd)");
        var unit = ReadServiceSection(package.InRoot("/lib/systemd/system/ucarp@.service"));
        var allowed = UnitConfinement.AllowedSystemCalls(unit["SystemCallFilter"]);
        using var network = TestNetwork.Create(hosts: 1);
        var host = network.Hosts[0];
        var dir = HostDirectory(network, "trace", 0);
        WriteInstanceConf(Path.Combine(dir, $"{InstanceName}.conf"), host, dir);
        var trace = Path.Combine(dir, "strace");

        // strace -f follows the wrapper, ucarp and every script ucarp starts: the filter would bind them all.
        var command = UnitConfinement.Launcher(unit, [Strace, "-f", "-qq", "-o", trace, .. UnitCommand(unit)]);
        using var traced = network.StartProcess(host.Namespace, UnitEnvironment(dir), command[0], command[1..]);
        string Output() => string.Join('\n', traced.Lines);
        await WaitForVipAsync(host, Output);
        // The process started is strace: KillSignal= goes to ucarp itself, as systemd sends it.
        var ucarp = Assert.Single(UcarpPids(host));
        Assert.Equal(0, Tmds.Linux.LibC.kill(ucarp, Tmds.Linux.LibC.SIGTERM));
        Assert.True(traced.WaitForExit(s_stopTimeout), $"ucarp did not exit within {s_stopTimeout.TotalSeconds} s of SIGTERM\n{Output()}");
        Assert.True(traced.ExitCode == 0, $"ucarp exited with {traced.ExitCode} after SIGTERM\n{Output()}");
        AssertReleased(host, "VIP still on the stopped host", Output);

        var called = UnitConfinement.CalledSystemCalls(trace);
        // The trace holds the daemon's loop and a script's address change, not only the wrapper's start.
        Assert.Superset(new HashSet<string>(StringComparer.Ordinal) { "ppoll", "signalfd4", "execve", "sendmsg" }, called);
        var outside = called.Except(allowed).Order(StringComparer.Ordinal).ToList();
        Assert.True(outside.Count == 0,
            $"called outside SystemCallFilter={unit["SystemCallFilter"]}: {string.Join(' ', outside)}\n{Output()}");
    }

    [GeneratedRegex(@"exposure\s+level\s+of\s+at\s+most\s+(\d+\.\d)")]
    private static partial Regex ReadmeExposure();

    [GeneratedRegex(@"Overall exposure level for \S+: (\d+\.\d)")]
    private static partial Regex OverallExposure();
}
