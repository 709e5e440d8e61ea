using System.Globalization;

namespace Ucarp.Tests.Packaging;

/// Two hosts on one Ethernet segment, each in its own network namespace with an "eth0"
/// veth whose peer is enslaved to a bridge in a third namespace. Nothing is created in the
/// root namespace. Addresses are in 198.18.0.0/15 (RFC 2544 benchmarking) only.
internal sealed class NetnsLab : IDisposable
{
    public const string Vip = "198.18.0.100";
    public const string Device = "eth0";

    private static int s_counter;
    private readonly List<string> _namespaces = [];

    private NetnsLab(string prefix)
    {
        Prefix = prefix;
    }

    public string Prefix { get; }

    public IReadOnlyList<string> Hosts => [$"{Prefix}-h0", $"{Prefix}-h1"];

    public static string HostAddress(int host) => $"198.18.0.{host + 1}";

    public static async Task<NetnsLab> CreateAsync()
    {
        var prefix = string.Create(CultureInfo.InvariantCulture,
            $"ucpkg-{Environment.ProcessId}-{Interlocked.Increment(ref s_counter)}-{Random.Shared.Next(0x10000):x4}");
        var lab = new NetnsLab(prefix);
        try
        {
            await lab.BuildAsync();
            return lab;
        }
        catch
        {
            lab.Dispose();
            throw;
        }
    }

    private async Task BuildAsync()
    {
        var bridge = $"{Prefix}-br";
        await AddNamespaceAsync(bridge);
        await IpAsync("-n", bridge, "link", "add", "br0", "type", "bridge");
        await IpAsync("-n", bridge, "link", "set", "br0", "up");
        for (var i = 0; i < Hosts.Count; i++)
        {
            var host = Hosts[i];
            var peer = $"veth{i}";
            await AddNamespaceAsync(host);
            await IpAsync("-n", host, "link", "add", Device, "type", "veth", "peer", "name", peer, "netns", bridge);
            await IpAsync("-n", bridge, "link", "set", peer, "master", "br0");
            await IpAsync("-n", bridge, "link", "set", peer, "up");
            await IpAsync("-n", host, "link", "set", "lo", "up");
            await IpAsync("-n", host, "addr", "add", $"{HostAddress(i)}/24", "dev", Device);
            await IpAsync("-n", host, "link", "set", Device, "up");
        }
    }

    private async Task AddNamespaceAsync(string name)
    {
        await IpAsync("netns", "add", name);
        _namespaces.Add(name);
    }

    private static Task<ProcessResult> IpAsync(params string[] args) => ProcessRunner.RunCheckedAsync("ip", args);

    /// Whether the VIP is configured on the host's eth0 (with any prefix or label).
    public async Task<bool> HasVipAsync(int host)
    {
        var result = await ProcessRunner.RunCheckedAsync("ip", ["-n", Hosts[host], "-o", "-4", "addr", "show", "dev", Device]);
        return result.StdOut.Contains($" {Vip}/", StringComparison.Ordinal);
    }

    public async Task<string> AddressesAsync(int host) =>
        (await ProcessRunner.RunCheckedAsync("ip", ["-n", Hosts[host], "-o", "-4", "addr", "show", "dev", Device])).StdOut;

    /// Pids of processes named "ucarp" that live in the host's namespace.
    public static IReadOnlyList<int> UcarpPids(string ns)
    {
        var result = ProcessRunner.Run("ip", "netns", "pids", ns);
        var pids = new List<int>();
        foreach (var line in result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pid = int.Parse(line, CultureInfo.InvariantCulture);
            if (ReadComm(pid) == "ucarp")
            {
                pids.Add(pid);
            }
        }
        return pids;
    }

    public static string? ReadComm(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        // Processes keep a namespace alive after "ip netns del": kill them first.
        foreach (var ns in _namespaces)
        {
            var pids = ProcessRunner.Run("ip", "netns", "pids", ns).StdOut
                .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (pids.Length > 0)
            {
                _ = ProcessRunner.Run("kill", ["-KILL", .. pids]);
            }
        }
        foreach (var ns in _namespaces)
        {
            _ = ProcessRunner.Run("ip", "netns", "del", ns);
        }
        _namespaces.Clear();
    }
}
