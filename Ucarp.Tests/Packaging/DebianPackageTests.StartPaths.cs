using System.Diagnostics;
using System.Globalization;
using Ucarp.Tests.Network;

namespace Ucarp.Tests.Packaging;

public sealed partial class DebianPackageTests
{
    private const string InstanceName = "vip42";

    // unicast: on a switch that drops multicast, PEERS= (and ucarp-peer) must make the hosts hear each other.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SystemdUnit_ExecStartThenKillSignal_ElectsOneMasterAndReleasesVip(bool unicast)
    {
        SkipUnlessReady();
        var unit = ReadServiceSection(package.InRoot("/lib/systemd/system/ucarp@.service"));
        Assert.Equal("simple", unit["Type"]);
        Assert.Equal("on-failure", unit["Restart"]);
        Assert.Equal("SIGTERM", unit["KillSignal"]);
        Assert.Equal("CAP_NET_RAW CAP_NET_ADMIN", unit["CapabilityBoundingSet"]);

        // Started the way systemd starts a Type=simple unit: in the foreground, confined as the unit says
        // (capabilities, no_new_privs, no writable executable memory), output collected for failure
        // messages. The network kills whatever is left when it is disposed.
        using var network = Network(unicast);
        var daemons = new TestProcess?[network.Hosts.Count];
        string Output(int host) => string.Join('\n', daemons[host]?.Lines ?? []);
        await RunFailoverAsync(
            network,
            start: host =>
            {
                var dir = HostDirectory(network, "unit", host);
                WriteInstanceConf(Path.Combine(dir, $"{InstanceName}.conf"), network.Hosts[host], dir,
                    unicast ? network.Hosts[1 - host].Address.ToString() : "");
                var command = UnitConfinement.Launcher(unit, UnitCommand(unit));
                daemons[host] = network.StartProcess(network.Hosts[host].Namespace, UnitEnvironment(dir), command[0], command[1..]);
                return Task.CompletedTask;
            },
            stop: host =>
            {
                // KillSignal= is SIGTERM (checked above), sent the way systemd sends it.
                var daemon = daemons[host]!;
                daemon.Signal(Tmds.Linux.LibC.SIGTERM);
                Assert.True(daemon.WaitForExit(s_stopTimeout),
                    $"ucarp did not exit within {s_stopTimeout.TotalSeconds} s of {unit["KillSignal"]}\n{Output(host)}");
                Assert.True(daemon.ExitCode == 0, $"ucarp exited with {daemon.ExitCode} after {unit["KillSignal"]}\n{Output(host)}");
                return Task.CompletedTask;
            },
            diagnostics: () => string.Join('\n', daemons.Select((_, i) => $"host {i} output:\n{Output(i)}")));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task IfupdownHook_UpThenDown_ElectsOneMasterAndReleasesVip(bool unicast)
    {
        SkipUnlessReady();
        using var network = Network(unicast);

        await RunFailoverAsync(
            network,
            start: async host =>
            {
                var env = HookEnvironment(network, host, "start");
                if (unicast)
                {
                    env["IF_UCARP_PEER"] = network.Hosts[1 - host].Address.ToString();
                }
                var result = TestNetwork.Exec(network.Hosts[host].Namespace, package.InRoot("/etc/network/if-up.d/ucarp"), [], env);
                Assert.True(result.ExitCode == 0, $"if-up.d/ucarp: {result}");
                var pid = await WaitForUcarpPidfileAsync(Path.Combine(env["UCARP_RUNDIR"], "ifupdown-eth0.pid"));
                var cmdline = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
                Assert.Contains("-z", cmdline);
                Assert.DoesNotContain("-B", cmdline);
            },
            stop: host =>
            {
                var env = HookEnvironment(network, host, "stop");
                var result = TestNetwork.Exec(network.Hosts[host].Namespace, package.InRoot("/etc/network/if-down.d/ucarp"), [], env, s_stopTimeout);
                Assert.True(result.ExitCode == 0, $"if-down.d/ucarp: {result}");
                Assert.False(File.Exists(Path.Combine(env["UCARP_RUNDIR"], "ifupdown-eth0.pid")));
                return Task.CompletedTask;
            },
            diagnostics: () => "(the hook's daemons log to syslog only)");
    }

    [Fact]
    public async Task IfupdownHook_DownAfterDebianHookStartedDaemon_StopsItAndReleasesVip()
    {
        SkipUnlessReady();
        using var network = TestNetwork.Create(hosts: 1);
        var host = network.Hosts[0];
        // Exactly the command Debian's /etc/network/if-up.d/ucarp runs (daemonized, no pidfile),
        // as left running by the package this one replaces.
        TestNetwork.Exec(host.Namespace, package.InRoot("/usr/sbin/ucarp"),
        [
            "-i", "eth0", "-s", host.Address.ToString(), "-B", "-z",
            "-v", Vhid, "-p", Password, "-a", Vip, "-u", package.InRoot("/usr/share/ucarp/vip-up"),
            "-d", package.InRoot("/usr/share/ucarp/vip-down"),
        ]).EnsureSuccess("ucarp -B");
        await WaitForVipAsync(host, () => $"ucarp in namespace: [{string.Join(',', UcarpPids(host))}]");

        var env = HookEnvironment(network, 0, "stop");
        var result = TestNetwork.Exec(host.Namespace, package.InRoot("/etc/network/if-down.d/ucarp"), [], env, s_stopTimeout);

        Assert.True(result.ExitCode == 0, $"if-down.d/ucarp: {result}");
        Assert.Empty(UcarpPids(host));
        Assert.False(TestNetwork.HasAddress(host, Vip), TestNetwork.Addresses(host));
    }

    [Fact]
    public async Task InitScript_StartThenStop_ElectsOneMasterAndReleasesVip()
    {
        SkipUnlessReady();
        using var network = TestNetwork.Create(hosts: 2);
        var script = package.InRoot("/usr/share/doc/ucarp/examples/init.d/ucarp");

        ExecResult Init(int host, string action) => TestNetwork.Exec(
            network.Hosts[host].Namespace, script, [action],
            new Dictionary<string, string> { ["UCARP_DEFAULTS"] = Path.Combine(HostDirectory(network, "init", host), "default") },
            s_stopTimeout);

        await RunFailoverAsync(
            network,
            start: async host =>
            {
                var dir = HostDirectory(network, "init", host);
                var confdir = Directory.CreateDirectory(Path.Combine(dir, "interface")).FullName;
                var piddir = Path.Combine(dir, "run");
                WriteFile(Path.Combine(dir, "default"), $"""
                    ENABLED=yes
                    UCARP={package.InRoot("/usr/sbin/ucarp")}
                    UCARP_INSTANCE={package.InRoot("/usr/lib/ucarp/ucarp-instance")}
                    CONFDIR={confdir}
                    PIDDIR={piddir}
                    """);
                WriteInstanceConf(Path.Combine(confdir, InstanceName), network.Hosts[host], dir);

                var started = Init(host, "start");
                Assert.True(started.ExitCode == 0, $"init start: {started}");
                await WaitForUcarpPidfileAsync(Path.Combine(piddir, $"{InstanceName}.pid"));
                var status = Init(host, "status");
                Assert.True(status.ExitCode == 0, $"init status: {status}");
            },
            stop: host =>
            {
                var stopped = Init(host, "stop");
                Assert.True(stopped.ExitCode == 0, $"init stop: {stopped}");
                Assert.False(File.Exists(Path.Combine(HostDirectory(network, "init", host), "run", $"{InstanceName}.pid")));
                var status = Init(host, "status");
                Assert.True(status.ExitCode == 3, $"init status after stop: {status}");
                return Task.CompletedTask;
            },
            diagnostics: () => "(the init script's daemons log to syslog only)");
    }

    private static TestNetwork Network(bool multicastDropped)
    {
        var network = TestNetwork.Create(hosts: 2);
        try
        {
            if (multicastDropped)
            {
                network.DropMulticast();
            }
            return network;
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// The unit's ExecStart for instance <see cref="InstanceName"/>, its program inside the unpacked package.
    private string[] UnitCommand(Dictionary<string, string> unit)
    {
        // systemd prefixes ("-", "@", "+", "!", ":") change error handling, not the command.
        var argv = unit["ExecStart"].TrimStart('-', '@', '+', '!', ':')
            .Replace("%i", InstanceName, StringComparison.Ordinal).Replace("%I", InstanceName, StringComparison.Ordinal)
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("/", argv[0], StringComparison.Ordinal);
        Assert.DoesNotContain("%", string.Join(' ', argv), StringComparison.Ordinal);
        return [package.InRoot(argv[0]), .. argv[1..]];
    }

    /// What the unpacked package's ucarp-instance needs to find the binary and the instance's file in dir.
    private Dictionary<string, string> UnitEnvironment(string dir) => new()
    {
        ["UCARP"] = package.InRoot("/usr/sbin/ucarp"),
        ["UCARP_CONFDIR"] = dir,
    };

    private string HostDirectory(TestNetwork network, string path, int host) =>
        Directory.CreateDirectory(Path.Combine(package.Work, $"{network.Name}-{path}-{host}")).FullName;

    /// One VIP in the keys of /etc/ucarp/example.conf, for the unit and the init script.
    private void WriteInstanceConf(string path, TestHost host, string dir, string peers = "") =>
        WriteFile(path, $"""
            INTERFACE={host.Interface}
            SOURCE={host.Address}
            VHID={Vhid}
            VIP={Vip}
            PASSFILE={WritePassfile(dir)}
            ADVBASE=1
            ADVSKEW={s_advskew[host.Number - 1]}
            UPSCRIPT={package.InRoot("/usr/share/ucarp/vip-up")}
            DOWNSCRIPT={package.InRoot("/usr/share/ucarp/vip-down")}
            PEERS="{peers}"
            """);

    /// What ifupdown exports to hooks for "iface eth0 inet static" with ucarp-* options.
    /// Host 0 uses the CIDR address form and ucarp-password, host 1 the netmask form and
    /// ucarp-passfile.
    private Dictionary<string, string> HookEnvironment(TestNetwork network, int host, string mode)
    {
        var dir = HostDirectory(network, "hook", host);
        var device = network.Hosts[host].Interface;
        var address = network.Hosts[host].Address.ToString();
        var env = new Dictionary<string, string>
        {
            ["MODE"] = mode,
            ["PHASE"] = mode == "start" ? "post-up" : "pre-down",
            ["IFACE"] = device,
            ["LOGICAL"] = device,
            ["ADDRFAM"] = "inet",
            ["METHOD"] = "static",
            ["VERBOSITY"] = "0",
            ["IF_UCARP_VID"] = Vhid,
            ["IF_UCARP_VIP"] = Vip,
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
            env["IF_ADDRESS"] = $"{address}/24";
            env["IF_UCARP_PASSWORD"] = Password;
        }
        else
        {
            env["IF_ADDRESS"] = address;
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
                seen = $"pid {pid}, comm {TestNetwork.ProcessName(pid)}";
                if (TestNetwork.ProcessName(pid) == "ucarp")
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
