using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Win32.SafeHandles;

namespace Ucarp.Tests.Network;

// A throw-away Ethernet segment: a "switch" namespace with bridge br0 and N host namespaces, each with an
// eth0 (198.18.<subnet>.<n>/24) cabled to the bridge by a veth pair. Everything lives in namespaces named
// ucx<creator pid in hex>-<serial>-<role>; the root namespace's interfaces are never touched. Dispose kills
// every process started here and deletes every namespace; a new network first sweeps namespaces left behind
// by test processes that died.
// CreateRouted builds several such segments (198.18.<subnet>.0/24, switch namespaces -sw, -sw1, ...) joined
// by a router namespace (-rt, 198.18.<subnet>.254 on each, forwarding on, so TTLs are decremented).
public sealed class TestNetwork : IDisposable
{
    public const string NamespacePrefix = "ucx";

    private static readonly Dictionary<string, string> s_noEnvironment = [];
    private static int _serial;

    private readonly List<string> _namespaces = [];
    private readonly List<TestProcess> _processes = [];
    private readonly Lock _lock = new();

    private TestNetwork(string name) => Name = name;

    public string Name { get; }

    public string Switch => SwitchOf(0);

    public string Router => Name + "-rt";

    public IReadOnlyList<TestHost> Hosts { get; private set; } = [];

    public static bool IsRoot => Environment.UserName == "root";

    // With ipv6, each eth0 also gets 2001:db8::<n>/64 and fe80::<n>/64, both without duplicate address detection.
    public static TestNetwork Create(int hosts, int subnet = 0, bool ipv6 = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(subnet);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(subnet, 255);
        return New(network => network.Hosts = network.BuildSegment(0, subnet, firstHost: 1, hosts, ipv6));
    }

    // `subnets` segments of `hostsPerSubnet` hosts each (host i is on subnet i / hostsPerSubnet, 198.18.<subnet>.<k>),
    // routed through one router namespace; every host's default route points at it.
    public static TestNetwork CreateRouted(int subnets, int hostsPerSubnet)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(subnets, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(subnets, 255);
        return New(network =>
        {
            network.AddNamespace(network.Router);
            In(network.Router, "link set lo up");
            _ = Exec(network.Router, "sysctl -qw net.ipv4.ip_forward=1").EnsureSuccess("ip_forward");
            var hosts = new List<TestHost>();
            for (int subnet = 0; subnet < subnets; subnet++)
            {
                hosts.AddRange(network.BuildSegment(subnet, subnet, firstHost: subnet * hostsPerSubnet + 1, hostsPerSubnet));
                string sw = network.SwitchOf(subnet);
                string port = "r" + subnet.ToString(CultureInfo.InvariantCulture);
                In(network.Router, $"link add {port} type veth peer name rt netns {sw}");
                In(sw, "link set rt master br0 up");
                In(network.Router, $"addr add 198.18.{subnet}.254/24 dev {port}");
                In(network.Router, $"link set {port} up");
            }
            foreach (TestHost host in hosts)
            {
                byte subnet = host.Address.GetAddressBytes()[2];
                In(host.Namespace, $"route add default via 198.18.{subnet}.254");
            }
            network.Hosts = hosts;
        });
    }

    private static TestNetwork New(Action<TestNetwork> build)
    {
        SweepStale();
        int serial = Interlocked.Increment(ref _serial);
        var network = new TestNetwork(string.Create(CultureInfo.InvariantCulture, $"{NamespacePrefix}{Environment.ProcessId:x}-{serial}"));
        try
        {
            build(network);
            return network;
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    // Runs `command` with sh -c inside the namespace.
    public static ExecResult Exec(string ns, string command) => Run("ip", ["netns", "exec", ns, "sh", "-c", command]);

    // Runs a program inside the namespace, with no shell in between and `environment` added to ours.
    public static ExecResult Exec(string ns, string file, IEnumerable<string> args,
        IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null) =>
        Run("ip", ["netns", "exec", ns, file, .. args], environment, timeout);

    public TestProcess StartProcess(string ns, string file, params string[] args) => StartProcess(ns, s_noEnvironment, file, args);

    // As above, with `environment` added to ours (a unit's Environment=, a wrapper's settings).
    public TestProcess StartProcess(string ns, IReadOnlyDictionary<string, string> environment, string file, params string[] args) =>
        StartProcess(ns, environment, null, file, args);

    // As the first, its output lines seen through `view` (TestProcess).
    public TestProcess StartProcess(string ns, Func<string, string?> view, string file, params string[] args) =>
        StartProcess(ns, s_noEnvironment, view, file, args);

    private TestProcess StartProcess(string ns, IReadOnlyDictionary<string, string> environment, Func<string, string?>? view, string file, string[] args)
    {
        // ip netns exec execs the program, so the process we hold is the program itself.
        var process = new TestProcess(Process.Start(StartInfo("ip", ["netns", "exec", ns, file, .. args], environment))
            ?? throw new InvalidOperationException("ip did not start"), view);
        lock (_lock)
        {
            _processes.Add(process);
        }
        return process;
    }

    // Takes the switch-side end of the host's cable down or up: the host's eth0 loses or regains carrier.
    public void SetCarrier(TestHost host, bool up)
    {
        Assert.Contains(host, Hosts);
        Run("ip", ["-n", host.Switch, "link", "set", host.SwitchPort, up ? "up" : "down"]).EnsureSuccess("set carrier");
    }

    // Every switch stops forwarding multicast frames between its ports (as many clouds and strict
    // IGMP-snooping switches do); broadcast, so ARP, still passes.
    public void DropMulticast() => DropOnSwitches("nomcast", "meta pkttype multicast");

    // Every switch drops frames to the two CARP groups (224.0.0.18, ff02::12) and nothing else: IPv6
    // unicast needs its neighbour discovery, which is multicast too.
    public void DropCarpGroups() => DropOnSwitches("nocarp", "ip daddr 224.0.0.18", "ip6 daddr ff02::12");

    // One bridge table per switch, dropping in its forward hook the frames each match names.
    private void DropOnSwitches(string table, params string[] matches)
    {
        string rules = string.Concat(matches.Select(match => $" && nft add rule bridge {table} forward {match} counter drop"));
        foreach (string sw in Hosts.Select(h => h.Switch).Distinct())
        {
            _ = Exec(sw,
                $"nft add table bridge {table} && " +
                $"nft add chain bridge {table} forward '{{ type filter hook forward priority 0; }}'" + rules).EnsureSuccess("nft " + table);
        }
    }

    public static bool HasAddress(TestHost host, string address) =>
        Addresses(host, ipv6: address.Contains(':', StringComparison.Ordinal)).Contains(" " + address + "/", StringComparison.Ordinal);

    // `ip -4 -o addr show` (or -6) of the host's interface: one line per address, with its prefix and label.
    public static string Addresses(TestHost host, bool ipv6 = false) =>
        Run("ip", ["-n", host.Namespace, ipv6 ? "-6" : "-4", "-o", "addr", "show", "dev", host.Interface]).EnsureSuccess("ip addr show").Stdout;

    // Every process in the namespace, including daemons that detached from the process we started.
    public static IReadOnlyList<int> Pids(string ns) =>
        [.. Run("ip", ["netns", "pids", ns]).EnsureSuccess("ip netns pids " + ns).Stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(pid => int.Parse(pid, CultureInfo.InvariantCulture))];

    // The process's command name (/proc/<pid>/comm), or null once it has gone.
    public static string? ProcessName(int pid)
    {
        try
        {
            return File.ReadAllText(string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/comm")).Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }

    // Runs `action` on a fresh thread that has entered the namespace (setns), so sockets it creates live
    // there. The thread ends afterwards; the test's own threads never change namespace.
    public static T RunInNamespace<T>(string ns, Func<T> action)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using SafeFileHandle handle = File.OpenHandle("/run/netns/" + ns);
                if (Tmds.Linux.LibC.setns((int)handle.DangerousGetHandle(), Tmds.Linux.LibC.CLONE_NEWNET) != 0)
                {
                    throw new System.ComponentModel.Win32Exception(System.Runtime.InteropServices.Marshal.GetLastPInvokeError());
                }
                result = action();
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }
        return result;
    }

    public static void RunInNamespace(string ns, Action action) => RunInNamespace<bool>(ns, () =>
    {
        action();
        return true;
    });

    public void Dispose()
    {
        List<TestProcess> processes;
        lock (_lock)
        {
            processes = [.. _processes];
            _processes.Clear();
        }
        foreach (TestProcess process in processes)
        {
            process.Dispose();
        }
        foreach (string ns in Enumerable.Reverse(_namespaces))
        {
            KillRemaining(ns);
            DeleteNamespace(ns);
        }
        _namespaces.Clear();
    }

    private string SwitchOf(int segment) => segment == 0 ? Name + "-sw" : Name + "-sw" + segment.ToString(CultureInfo.InvariantCulture);

    private List<TestHost> BuildSegment(int segment, int subnet, int firstHost, int hosts, bool ipv6 = false)
    {
        string sw = SwitchOf(segment);
        AddNamespace(sw);
        In(sw, "link add br0 type bridge mcast_snooping 0");
        In(sw, "link set br0 up");
        var list = new List<TestHost>();
        for (int k = 1; k <= hosts; k++)
        {
            int n = firstHost + k - 1;
            var host = new TestHost(n, $"{Name}-h{n}", "eth0",
                IPAddress.Parse(string.Create(CultureInfo.InvariantCulture, $"198.18.{subnet}.{k}")), $"p{n}", sw);
            AddNamespace(host.Namespace);
            // Created directly in the two namespaces: the pair never appears in the root namespace.
            In(host.Namespace, $"link add eth0 type veth peer name {host.SwitchPort} netns {sw}");
            In(sw, $"link set {host.SwitchPort} master br0 up");
            In(host.Namespace, "link set lo up");
            In(host.Namespace, $"addr add {host.Address}/24 dev eth0");
            if (ipv6)
            {
                In(host.Namespace, $"addr add {host.Ipv6Address}/64 dev eth0 nodad");
                In(host.Namespace, $"addr add {host.LinkLocalAddress}/64 dev eth0 nodad");
            }
            In(host.Namespace, "link set eth0 up");
            list.Add(host);
        }
        return list;
    }

    private void AddNamespace(string ns)
    {
        Run("ip", ["netns", "add", ns]).EnsureSuccess("ip netns add " + ns);
        _namespaces.Add(ns);
    }

    private static void In(string ns, string ipArguments) =>
        Run("ip", ["-n", ns, .. ipArguments.Split(' ')]).EnsureSuccess($"ip -n {ns} {ipArguments}");

    private static void DeleteNamespace(string ns) => _ = Run("ip", ["netns", "delete", ns]);

    // A process keeps its namespace alive after ip netns delete: kill what we did not start ourselves
    // (daemons that detached, or that a script started) so nothing outlives the test.
    private static void KillRemaining(string ns)
    {
        foreach (int pid in Pids(ns))
        {
            _ = Tmds.Linux.LibC.kill(pid, Tmds.Linux.LibC.SIGKILL);
        }
    }

    // Deletes ucx* namespaces whose creating process (the pid in the name) no longer runs.
    private static void SweepStale()
    {
        if (!Directory.Exists("/run/netns"))
        {
            return;
        }
        foreach (string path in Directory.GetFiles("/run/netns", NamespacePrefix + "*"))
        {
            string ns = Path.GetFileName(path);
            int dash = ns.IndexOf('-', StringComparison.Ordinal);
            if (dash <= NamespacePrefix.Length
                || !int.TryParse(ns.AsSpan(NamespacePrefix.Length, dash - NamespacePrefix.Length), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int pid))
            {
                continue;
            }
            if (pid != Environment.ProcessId && !Directory.Exists("/proc/" + pid.ToString(CultureInfo.InvariantCulture)))
            {
                DeleteNamespace(ns);
            }
        }
    }

    // Runs a program outside any namespace and waits for it and its output, at most `timeout` (30 s by
    // default) in all: a child left holding the pipes counts too. Its stdin is empty, never ours.
    public static ExecResult Run(string file, IEnumerable<string> args,
        IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        TimeSpan limit = timeout ?? TimeSpan.FromSeconds(30);
        var clock = Stopwatch.StartNew();
        using Process process = Process.Start(StartInfo(file, args, environment ?? s_noEnvironment))
            ?? throw new InvalidOperationException(file + " did not start");
        process.StandardInput.Close();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit) || !Task.WhenAll(stdout, stderr).Wait(Left(limit, clock)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in {limit.TotalSeconds} s");
        }
        return new ExecResult(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    private static TimeSpan Left(TimeSpan limit, Stopwatch clock) => limit > clock.Elapsed ? limit - clock.Elapsed : TimeSpan.Zero;

    private static ProcessStartInfo StartInfo(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        foreach ((string name, string value) in environment)
        {
            info.Environment[name] = value;
        }
        return info;
    }
}
