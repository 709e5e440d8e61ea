using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text.RegularExpressions;
using Ucarp.Tests.Network;

namespace Ucarp.Tests.Packaging;

/// The .deb built by scripts/deb.sh from $UCARP_BIN: its metadata, and each way of starting
/// ucarp it ships (systemd unit, ifupdown hook, classic init script) driving a real election
/// between two hosts in network namespaces, then releasing the VIP when stopped.
[Trait("Category", "Privileged")]
[SupportedOSPlatform("linux")]
public sealed partial class DebianPackageTests(DebianPackageFixture package) : IClassFixture<DebianPackageFixture>
{
    private const string Password = "pkg-test-pass";
    private const string Vhid = "42";
    private const string Vip = "198.18.0.100";
    private static readonly TimeSpan s_electionTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan s_stableFor = TimeSpan.FromSeconds(2.5);
    private static readonly TimeSpan s_failoverTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan s_stopTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(100);

    // Host 1 is the less preferred master, so the election converges without a tie.
    private static readonly string[] s_advskew = ["0", "100"];

    private static readonly string[] s_conffiles =
        ["/etc/network/if-up.d/ucarp", "/etc/network/if-down.d/ucarp", "/etc/ucarp/example.conf"];

    private static readonly string[] s_shellScripts =
    [
        "/etc/network/if-up.d/ucarp", "/etc/network/if-down.d/ucarp", "/usr/share/ucarp/vip-up",
        "/usr/share/ucarp/vip-down", "/usr/lib/ucarp/ucarp-instance", "/usr/share/doc/ucarp/examples/init.d/ucarp",
    ];

    private void SkipUnlessReady()
    {
        Assert.SkipUnless(Environment.IsPrivilegedProcess, "needs root: network namespaces and package ownership checks");
        package.SkipUnlessReady();
    }

    [Fact]
    public void ControlFields_Package_ReplacesConflictsAndProvidesUcarp()
    {
        SkipUnlessReady();
        var fields = ControlFields();

        Assert.Equal("ucarp", fields["Package"]);
        Assert.Equal("amd64", fields["Architecture"]);
        Assert.Equal("ucarp", fields["Replaces"]);
        Assert.Equal("ucarp", fields["Conflicts"]);
        Assert.Equal("ucarp", fields["Provides"]);
        Assert.Equal(ExpectedVersion(), fields["Version"]);
        Assert.Matches("^[0-9]+$", fields["Installed-Size"]);
        Assert.Equal($"ucarp_{fields["Version"]}_amd64.deb", Path.GetFileName(package.DebPath));
        // Debian's package is 1.5.2+git20192404.1a9aaf7-1: ours must be an upgrade over it.
        var compare = TestNetwork.Run("dpkg", ["--compare-versions", fields["Version"], "gt", "1.5.2+git20192404.1a9aaf7-1"]);
        Assert.Equal(0, compare.ExitCode);
    }

    [Fact]
    public void Contents_InstalledFiles_HaveRootOwnerAndExpectedModes()
    {
        SkipUnlessReady();
        var listing = DebianPackageFixture.DpkgDeb("-c", package.DebPath);
        var entries = new Dictionary<string, (string Mode, string Owner)>();
        foreach (var line in listing.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            entries["/" + parts[5].TrimStart('.').TrimStart('/')] = (parts[0], parts[1]);
        }

        var expected = new Dictionary<string, string>
        {
            ["/usr/sbin/ucarp"] = "-rwxr-xr-x",
            ["/usr/share/man/man8/ucarp.8.gz"] = "-rw-r--r--",
            ["/etc/network/if-up.d/ucarp"] = "-rwxr-xr-x",
            ["/etc/network/if-down.d/ucarp"] = "-rwxr-xr-x",
            ["/etc/ucarp/example.conf"] = "-rw-r--r--",
            ["/usr/share/ucarp/vip-up"] = "-rwxr-xr-x",
            ["/usr/share/ucarp/vip-down"] = "-rwxr-xr-x",
            ["/usr/lib/ucarp/ucarp-instance"] = "-rwxr-xr-x",
            ["/lib/systemd/system/ucarp@.service"] = "-rw-r--r--",
            ["/lib/systemd/system/ucarp-instances.service"] = "-rw-r--r--",
            ["/usr/share/doc/ucarp/README.md"] = "-rw-r--r--",
            ["/usr/share/doc/ucarp/copyright"] = "-rw-r--r--",
            ["/usr/share/doc/ucarp/changelog.gz"] = "-rw-r--r--",
            ["/usr/share/lintian/overrides/ucarp"] = "-rw-r--r--",
            ["/usr/share/doc/ucarp/examples/init.d/ucarp"] = "-rwxr-xr-x",
            ["/usr/share/doc/ucarp/examples/default/ucarp"] = "-rw-r--r--",
            ["/usr/share/doc/ucarp/examples/interface/vip-3"] = "-rw-r--r--",
            ["/usr/share/doc/ucarp/examples/monitoring/README"] = "-rw-r--r--",
            ["/usr/share/doc/ucarp/examples/instances.conf"] = "-rw-r--r--",
        };
        foreach (var (path, mode) in expected)
        {
            Assert.True(entries.TryGetValue(path, out var entry), $"{path} missing from the package:\n{listing.Stdout}");
            Assert.Equal((mode, "root/root"), entry);
        }
        Assert.All(entries, e => Assert.Equal("root/root", e.Value.Owner));
    }

    [Fact]
    public void ControlArchive_Conffiles_ListTheEtcFiles()
    {
        SkipUnlessReady();
        var conffiles = DebianPackageFixture.DpkgDeb("-I", package.DebPath, "conffiles");
        var md5sums = DebianPackageFixture.DpkgDeb("-I", package.DebPath, "md5sums");

        Assert.Equal(s_conffiles.Order(StringComparer.Ordinal),
            conffiles.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
        Assert.All(s_conffiles, c => Assert.True(File.Exists(package.InRoot(c)), c));
        Assert.Contains(" usr/sbin/ucarp\n", md5sums.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Binary_Unpacked_IsTheGivenBinaryAndManPageIsGzip()
    {
        SkipUnlessReady();
        Assert.Equal(File.ReadAllBytes(package.BinaryPath), File.ReadAllBytes(package.InRoot("/usr/sbin/ucarp")));
        var man = File.ReadAllBytes(package.InRoot("/usr/share/man/man8/ucarp.8.gz"));
        Assert.True(man.Length > 2 && man[0] == 0x1f && man[1] == 0x8b, "ucarp.8.gz is not gzip");
    }

    [Fact]
    public void Scripts_ShellSyntax_IsValidPosixSh()
    {
        SkipUnlessReady();
        foreach (var script in s_shellScripts)
        {
            var path = package.InRoot(script);
            Assert.StartsWith("#!/bin/sh\n", File.ReadAllText(path), StringComparison.Ordinal);
            var check = TestNetwork.Run("sh", ["-n", path]);
            Assert.True(check.ExitCode == 0, $"{script}: {check}");
        }
    }

    [Fact]
    public void InstanceWrapper_AllKeys_ExecsUcarpWithMatchingOptions()
    {
        SkipUnlessReady();
        var dir = Directory.CreateDirectory(Path.Combine(package.Work, "wrapper-args")).FullName;
        var argsFile = Path.Combine(dir, "args");
        var fake = WriteFile(Path.Combine(dir, "ucarp"), $"#!/bin/sh\nprintf '%s\\n' \"$@\" > '{argsFile}'\n", "755");
        var pass = WritePassfile(dir);
        WriteFile(Path.Combine(dir, "full.conf"), $"""
            INTERFACE=eth0:carp0
            SOURCE=198.18.0.1
            VHID=42
            VIP=198.18.0.100
            PASSFILE={pass}
            ADVBASE=2
            ADVSKEW=10
            DEADRATIO=4
            PREEMPT=yes
            NOMCAST=1
            UPSCRIPT=/opt/up
            DOWNSCRIPT=/opt/down
            XPARAM="x param"
            EXTRA_OPTS="--neutral -f none"
            """);
        WriteFile(Path.Combine(dir, "minimal.conf"), $"""
            INTERFACE=eth0
            SOURCE=198.18.0.1
            VHID=42
            VIP=198.18.0.100
            PASSFILE={pass}
            PREEMPT=no
            NOMCAST=off
            """);
        WriteFile(Path.Combine(dir, "broken.conf"), "INTERFACE=eth0\n");
        var env = new Dictionary<string, string> { ["UCARP"] = fake, ["UCARP_CONFDIR"] = dir };
        var wrapper = package.InRoot("/usr/lib/ucarp/ucarp-instance");

        _ = TestNetwork.Run(wrapper, ["full"], env).EnsureSuccess("ucarp-instance full");
        string[] full =
        [
            "-i", "eth0:carp0", "-s", "198.18.0.1", "-v", "42", "-a", "198.18.0.100", "--passfile", pass, "-z",
            "-u", "/opt/up", "-d", "/opt/down", "-b", "2", "-k", "10", "-r", "4", "-P", "-M", "-x", "x param",
            "--neutral", "-f", "none",
        ];
        Assert.Equal(full, File.ReadAllLines(argsFile));

        _ = TestNetwork.Run(wrapper, ["minimal"], env).EnsureSuccess("ucarp-instance minimal");
        string[] minimal =
        [
            "-i", "eth0", "-s", "198.18.0.1", "-v", "42", "-a", "198.18.0.100", "--passfile", pass, "-z",
            "-u", "/usr/share/ucarp/vip-up", "-d", "/usr/share/ucarp/vip-down",
        ];
        Assert.Equal(minimal, File.ReadAllLines(argsFile));

        var broken = TestNetwork.Run(wrapper, ["broken"], env);
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains("SOURCE is not set", broken.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void VipScripts_AliasInterface_AddLabelledVipAndRemoveIt()
    {
        SkipUnlessReady();
        using var network = TestNetwork.Create(hosts: 1);
        var host = network.Hosts[0];
        void RunScript(string script) =>
            TestNetwork.Exec(host.Namespace, package.InRoot(script), ["eth0:carp0", Vip]).EnsureSuccess(script);

        RunScript("/usr/share/ucarp/vip-up");
        RunScript("/usr/share/ucarp/vip-up"); // idempotent: ucarp may call it twice
        Assert.Matches($@"inet {Regex.Escape(Vip)}/32 .*eth0:carp0", TestNetwork.Addresses(host));

        RunScript("/usr/share/ucarp/vip-down");
        Assert.False(TestNetwork.HasAddress(host, Vip), TestNetwork.Addresses(host));
        RunScript("/usr/share/ucarp/vip-down"); // every start runs it with no VIP present
        Assert.Contains($"inet {host.Address}/24", TestNetwork.Addresses(host), StringComparison.Ordinal);
    }

    private Dictionary<string, string> ControlFields()
    {
        var control = DebianPackageFixture.DpkgDeb("-f", package.DebPath);
        var fields = new Dictionary<string, string>();
        foreach (var line in control.Stdout.Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && !char.IsWhiteSpace(line[0]))
            {
                fields[line[..colon]] = line[(colon + 1)..].Trim();
            }
        }
        return fields;
    }

    private string ExpectedVersion()
    {
        var props = File.ReadAllText(Path.Combine(package.RepoRoot, "Directory.Build.props"));
        return VersionElement().Match(props).Groups[1].Value;
    }

    [GeneratedRegex("<Version>([^<]+)</Version>")]
    private static partial Regex VersionElement();

    private static string WriteFile(string path, string text, string? mode = null)
    {
        File.WriteAllText(path, text.EndsWith('\n') ? text : text + "\n");
        if (mode is not null)
        {
            File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32(mode, 8));
        }
        return path;
    }

    private static string WritePassfile(string dir) =>
        WriteFile(Path.Combine(dir, "vip.pass"), Password, "600");

    /// Polls until exactly one host holds the VIP and keeps holding it, alone, for s_stableFor.
    private static async Task<int> WaitForSingleMasterAsync(TestNetwork network, Func<string> diagnostics)
    {
        var clock = Stopwatch.StartNew();
        int? candidate = null;
        var since = TimeSpan.Zero;
        var last = "";
        while (clock.Elapsed < s_electionTimeout)
        {
            var holders = new List<int>();
            for (var host = 0; host < network.Hosts.Count; host++)
            {
                if (TestNetwork.HasAddress(network.Hosts[host], Vip))
                {
                    holders.Add(host);
                }
            }
            last = $"holders [{string.Join(',', holders)}] at {clock.Elapsed.TotalSeconds:F1} s";
            if (holders.Count == 1)
            {
                if (candidate != holders[0])
                {
                    candidate = holders[0];
                    since = clock.Elapsed;
                }
                else if (clock.Elapsed - since >= s_stableFor)
                {
                    return holders[0];
                }
            }
            else
            {
                candidate = null;
            }
            await Task.Delay(s_pollInterval, TestContext.Current.CancellationToken);
        }
        Assert.Fail($"no single stable master within {s_electionTimeout.TotalSeconds} s ({last})\n{diagnostics()}");
        return -1;
    }

    private static async Task WaitForVipAsync(TestHost host, Func<string> diagnostics)
    {
        var clock = Stopwatch.StartNew();
        while (!TestNetwork.HasAddress(host, Vip))
        {
            if (clock.Elapsed > s_failoverTimeout)
            {
                Assert.Fail($"host {host.Number - 1} did not take over the VIP within {s_failoverTimeout.TotalSeconds} s\n{diagnostics()}");
            }
            await Task.Delay(s_pollInterval, TestContext.Current.CancellationToken);
        }
    }

    /// Starts both hosts, checks that exactly one becomes master, stops it (the VIP must be
    /// released by then and no ucarp left in its namespace), checks that the other takes
    /// over, and stops that one too.
    private static async Task RunFailoverAsync(
        TestNetwork network, Func<int, Task> start, Func<int, Task> stop, Func<string> diagnostics)
    {
        await start(0);
        await start(1);

        var master = await WaitForSingleMasterAsync(network, diagnostics);
        var backup = 1 - master;

        await stop(master);
        AssertReleased(network.Hosts[master], "VIP still on the stopped master", diagnostics);

        await WaitForVipAsync(network.Hosts[backup], diagnostics);

        await stop(backup);
        AssertReleased(network.Hosts[backup], "VIP still on the stopped host", diagnostics);
    }

    /// The host neither holds the VIP nor runs ucarp any more.
    private static void AssertReleased(TestHost host, string failure, Func<string> diagnostics)
    {
        Assert.False(TestNetwork.HasAddress(host, Vip), $"{failure}:\n{TestNetwork.Addresses(host)}\n{diagnostics()}");
        Assert.Empty(UcarpPids(host));
    }

    /// Pids of processes named "ucarp" that live in the host's namespace.
    private static IReadOnlyList<int> UcarpPids(TestHost host) =>
        [.. TestNetwork.Pids(host.Namespace).Where(pid => TestNetwork.ProcessName(pid) == "ucarp")];
}
