using System.Diagnostics;
using System.Globalization;

namespace Ucarp.Tests.Packaging;

public sealed partial class DebianPackageTests
{
    private const string InstanceName = "vip42";

    [Fact]
    public async Task SystemdUnit_ExecStartThenKillSignal_ElectsOneMasterAndReleasesVip()
    {
        SkipUnlessReady();
        var unit = ReadServiceSection(package.InRoot("/lib/systemd/system/ucarp@.service"));
        Assert.Equal("simple", unit["Type"]);
        Assert.Equal("on-failure", unit["Restart"]);
        Assert.Equal("SIGTERM", unit["KillSignal"]);
        Assert.Contains("CAP_NET_RAW", unit["CapabilityBoundingSet"], StringComparison.Ordinal);
        Assert.Contains("CAP_NET_ADMIN", unit["CapabilityBoundingSet"], StringComparison.Ordinal);
        // systemd prefixes ("-", "@", "+", "!", ":") change error handling, not the command.
        var argv = unit["ExecStart"].TrimStart('-', '@', '+', '!', ':')
            .Replace("%i", InstanceName, StringComparison.Ordinal).Replace("%I", InstanceName, StringComparison.Ordinal)
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("/", argv[0], StringComparison.Ordinal);
        Assert.DoesNotContain("%", string.Join(' ', argv), StringComparison.Ordinal);

        using var lab = await NetnsLab.CreateAsync();
        var daemons = new ForegroundDaemon?[lab.Hosts.Count];
        try
        {
            await RunFailoverAsync(
                lab,
                start: host =>
                {
                    var dir = HostDirectory(lab, "unit", host);
                    WriteInstanceConf(Path.Combine(dir, $"{InstanceName}.conf"), host, dir);
                    var env = new Dictionary<string, string>
                    {
                        ["UCARP"] = package.InRoot("/usr/sbin/ucarp"),
                        ["UCARP_CONFDIR"] = dir,
                    };
                    daemons[host] = ForegroundDaemon.Start(
                        "ip", ["netns", "exec", lab.Hosts[host], package.InRoot(argv[0]), .. argv[1..]], env);
                    return Task.CompletedTask;
                },
                stop: async host =>
                {
                    var exitCode = await daemons[host]!.StopAsync(unit["KillSignal"], s_stopTimeout);
                    Assert.True(exitCode == 0, $"ucarp exited with {exitCode} after {unit["KillSignal"]}\n{daemons[host]!.Output}");
                },
                diagnostics: () => string.Join('\n', daemons.Select((d, i) => $"host {i} output:\n{d?.Output}")));
        }
        finally
        {
            foreach (var daemon in daemons)
            {
                daemon?.Dispose();
            }
        }
    }

    [Fact]
    public async Task IfupdownHook_UpThenDown_ElectsOneMasterAndReleasesVip()
    {
        SkipUnlessReady();
        using var lab = await NetnsLab.CreateAsync();

        await RunFailoverAsync(
            lab,
            start: async host =>
            {
                var env = HookEnvironment(lab, host, "start");
                var result = await ProcessRunner.RunAsync(
                    "ip", ["netns", "exec", lab.Hosts[host], package.InRoot("/etc/network/if-up.d/ucarp")], env);
                Assert.True(result.ExitCode == 0, $"if-up.d/ucarp: {result}");
                var pid = await WaitForUcarpPidfileAsync(Path.Combine(env["UCARP_RUNDIR"], "ifupdown-eth0.pid"));
                var cmdline = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
                Assert.Contains("-z", cmdline);
                Assert.DoesNotContain("-B", cmdline);
            },
            stop: async host =>
            {
                var env = HookEnvironment(lab, host, "stop");
                var result = await ProcessRunner.RunAsync(
                    "ip", ["netns", "exec", lab.Hosts[host], package.InRoot("/etc/network/if-down.d/ucarp")], env, s_stopTimeout);
                Assert.True(result.ExitCode == 0, $"if-down.d/ucarp: {result}");
                Assert.False(File.Exists(Path.Combine(env["UCARP_RUNDIR"], "ifupdown-eth0.pid")));
            },
            diagnostics: () => "(the hook's daemons log to syslog only)");
    }

    [Fact]
    public async Task IfupdownHook_DownAfterDebianHookStartedDaemon_StopsItAndReleasesVip()
    {
        SkipUnlessReady();
        using var lab = await NetnsLab.CreateAsync();
        var ns = lab.Hosts[0];
        // Exactly the command Debian's /etc/network/if-up.d/ucarp runs (daemonized, no pidfile),
        // as left running by the package this one replaces.
        await ProcessRunner.RunCheckedAsync("ip",
        [
            "netns", "exec", ns, package.InRoot("/usr/sbin/ucarp"), "-i", "eth0", "-s", NetnsLab.HostAddress(0), "-B", "-z",
            "-v", Vhid, "-p", Password, "-a", NetnsLab.Vip, "-u", package.InRoot("/usr/share/ucarp/vip-up"),
            "-d", package.InRoot("/usr/share/ucarp/vip-down"),
        ]);
        await WaitForVipAsync(lab, 0, () => $"ucarp in namespace: [{string.Join(',', NetnsLab.UcarpPids(ns))}]");

        var env = HookEnvironment(lab, 0, "stop");
        var result = await ProcessRunner.RunAsync(
            "ip", ["netns", "exec", ns, package.InRoot("/etc/network/if-down.d/ucarp")], env, s_stopTimeout);

        Assert.True(result.ExitCode == 0, $"if-down.d/ucarp: {result}");
        Assert.Empty(NetnsLab.UcarpPids(ns));
        Assert.False(await lab.HasVipAsync(0), await lab.AddressesAsync(0));
    }

    [Fact]
    public async Task InitScript_StartThenStop_ElectsOneMasterAndReleasesVip()
    {
        SkipUnlessReady();
        using var lab = await NetnsLab.CreateAsync();
        var script = package.InRoot("/usr/share/doc/ucarp/examples/init.d/ucarp");

        Task<ProcessResult> InitAsync(int host, string action) => ProcessRunner.RunAsync(
            "ip", ["netns", "exec", lab.Hosts[host], script, action],
            new Dictionary<string, string> { ["UCARP_DEFAULTS"] = Path.Combine(HostDirectory(lab, "init", host), "default") },
            s_stopTimeout);

        await RunFailoverAsync(
            lab,
            start: async host =>
            {
                var dir = HostDirectory(lab, "init", host);
                var confdir = Directory.CreateDirectory(Path.Combine(dir, "interface")).FullName;
                var piddir = Path.Combine(dir, "run");
                WriteFile(Path.Combine(dir, "default"), $"""
                    ENABLED=yes
                    UCARP={package.InRoot("/usr/sbin/ucarp")}
                    UCARP_INSTANCE={package.InRoot("/usr/lib/ucarp/ucarp-instance")}
                    CONFDIR={confdir}
                    PIDDIR={piddir}
                    """);
                WriteInstanceConf(Path.Combine(confdir, InstanceName), host, dir);

                var started = await InitAsync(host, "start");
                Assert.True(started.ExitCode == 0, $"init start: {started}");
                await WaitForUcarpPidfileAsync(Path.Combine(piddir, $"{InstanceName}.pid"));
                var status = await InitAsync(host, "status");
                Assert.True(status.ExitCode == 0, $"init status: {status}");
            },
            stop: async host =>
            {
                var stopped = await InitAsync(host, "stop");
                Assert.True(stopped.ExitCode == 0, $"init stop: {stopped}");
                Assert.False(File.Exists(Path.Combine(HostDirectory(lab, "init", host), "run", $"{InstanceName}.pid")));
                var status = await InitAsync(host, "status");
                Assert.True(status.ExitCode == 3, $"init status after stop: {status}");
            },
            diagnostics: () => "(the init script's daemons log to syslog only)");
    }

    private string HostDirectory(NetnsLab lab, string path, int host) =>
        Directory.CreateDirectory(Path.Combine(package.Work, $"{lab.Prefix}-{path}-{host}")).FullName;

    /// One VIP in the keys of /etc/ucarp/example.conf, for the unit and the init script.
    private void WriteInstanceConf(string path, int host, string dir) =>
        WriteFile(path, $"""
            INTERFACE={NetnsLab.Device}
            SOURCE={NetnsLab.HostAddress(host)}
            VHID={Vhid}
            VIP={NetnsLab.Vip}
            PASSFILE={WritePassfile(dir)}
            ADVBASE=1
            ADVSKEW={s_advskew[host]}
            UPSCRIPT={package.InRoot("/usr/share/ucarp/vip-up")}
            DOWNSCRIPT={package.InRoot("/usr/share/ucarp/vip-down")}
            """);

    /// What ifupdown exports to hooks for "iface eth0 inet static" with ucarp-* options.
    /// Host 0 uses the CIDR address form and ucarp-password, host 1 the netmask form and
    /// ucarp-passfile.
    private Dictionary<string, string> HookEnvironment(NetnsLab lab, int host, string mode)
    {
        var dir = HostDirectory(lab, "hook", host);
        var env = new Dictionary<string, string>
        {
            ["MODE"] = mode,
            ["PHASE"] = mode == "start" ? "post-up" : "pre-down",
            ["IFACE"] = NetnsLab.Device,
            ["LOGICAL"] = NetnsLab.Device,
            ["ADDRFAM"] = "inet",
            ["METHOD"] = "static",
            ["VERBOSITY"] = "0",
            ["IF_UCARP_VID"] = Vhid,
            ["IF_UCARP_VIP"] = NetnsLab.Vip,
            ["IF_UCARP_ADVSKEW"] = s_advskew[host],
            ["IF_UCARP_ADVBASE"] = "1",
            ["IF_UCARP_MASTER"] = "no",
            ["IF_UCARP_UPSCRIPT"] = package.InRoot("/usr/share/ucarp/vip-up"),
            ["IF_UCARP_DOWNSCRIPT"] = package.InRoot("/usr/share/ucarp/vip-down"),
            ["UCARP"] = package.InRoot("/usr/sbin/ucarp"),
            ["UCARP_RUNDIR"] = Path.Combine(dir, "run"),
        };
        if (host == 0)
        {
            env["IF_ADDRESS"] = $"{NetnsLab.HostAddress(host)}/24";
            env["IF_UCARP_PASSWORD"] = Password;
        }
        else
        {
            env["IF_ADDRESS"] = NetnsLab.HostAddress(host);
            env["IF_NETMASK"] = "255.255.255.0";
            env["IF_UCARP_PASSFILE"] = WritePassfile(dir);
        }
        return env;
    }

    private static Dictionary<string, string> ReadServiceSection(string unitFile)
    {
        var keys = new Dictionary<string, string>();
        var inService = false;
        foreach (var raw in File.ReadAllLines(unitFile))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }
            if (line[0] == '[')
            {
                inService = line == "[Service]";
                continue;
            }
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (inService && eq > 0)
            {
                keys[line[..eq].Trim()] = line[(eq + 1)..].Trim();
            }
        }
        return keys;
    }

    /// Waits until the pidfile names a live process called ucarp (the wrapper has exec'd it).
    private static async Task<int> WaitForUcarpPidfileAsync(string pidfile)
    {
        var clock = Stopwatch.StartNew();
        var seen = "";
        while (clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            if (File.Exists(pidfile) && int.TryParse(File.ReadAllText(pidfile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                seen = $"pid {pid}, comm {NetnsLab.ReadComm(pid)}";
                if (NetnsLab.ReadComm(pid) == "ucarp")
                {
                    return pid;
                }
            }
            await Task.Delay(s_pollInterval, TestContext.Current.CancellationToken);
        }
        Assert.Fail($"{pidfile} does not name a running ucarp ({seen})");
        return -1;
    }
}
