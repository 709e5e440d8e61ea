using System.Diagnostics;
using System.Globalization;
using Ucarp.Tests.Fakes;

namespace Ucarp.Tests.Network;

/// <summary>
/// Hosts on a throw-away segment running ucarp (ours or Debian's), with up/down scripts that add
/// and remove the VIP and record every call, so tests can ask who is master and what ran.
/// </summary>
public sealed class UcarpCluster : IDisposable
{
    public const string OriginalBinary = "/usr/sbin/ucarp";
    private const string Password = "test-pass";

    private readonly TestNetwork _network;

    private UcarpCluster(TestNetwork network, string workDirectory, bool ipv6)
    {
        _network = network;
        WorkDirectory = workDirectory;
        Ipv6 = ipv6;
        Vip = ipv6 ? "2001:db8::100" : "198.18.0.100";
        // As the README shows: without nodad the IPv6 VIP stays tentative for about a second.
        string add = ipv6 ? "ip -6 addr add \"$2\"/64 dev \"${1%%:*}\" nodad" : "ip addr add \"$2\"/24 dev \"${1%%:*}\"";
        string del = ipv6 ? "ip -6 addr del \"$2\"/64 dev \"${1%%:*}\"" : "ip addr del \"$2\"/24 dev \"${1%%:*}\"";
        WriteScript("vip-up", add);
        WriteScript("vip-down", del + " 2>/dev/null || true");
    }

    public static string OursBinary =>
        Environment.GetEnvironmentVariable("UCARP_BIN") is { Length: > 0 } bin ? bin : Path.Combine(RepositoryFiles.Root, "dist", "ucarp");

    public string WorkDirectory { get; }

    public string Vip { get; }

    public IReadOnlyList<TestHost> Hosts => _network.Hosts;

    public TestNetwork Network => _network;

    public string UpScript => Path.Combine(WorkDirectory, "vip-up");

    public string DownScript => Path.Combine(WorkDirectory, "vip-down");

    public string EventsFile => Path.Combine(WorkDirectory, "events.log");

    public static void SkipUnlessPrivileged()
    {
        Assert.SkipUnless(TestNetwork.IsRoot, "needs root for network namespaces");
        Assert.SkipUnless(File.Exists(OursBinary), $"{OursBinary} not built (./build.sh)");
    }

    public static void SkipUnlessOriginalInstalled() =>
        Assert.SkipUnless(File.Exists(OriginalBinary), "Debian's ucarp is not installed (./build.sh test installs it)");

    /// <summary>With <paramref name="ipv6"/>, the hosts use 2001:db8::n as --srcip and the VIP is 2001:db8::100.</summary>
    public static UcarpCluster Create(int hosts, bool ipv6 = false) => Create(() => TestNetwork.Create(hosts, ipv6: ipv6), ipv6);

    /// <summary>On a network of another shape (<see cref="TestNetwork.CreateRouted"/>); the VIP stays 198.18.0.100.</summary>
    public static UcarpCluster Create(Func<TestNetwork> network, bool ipv6 = false)
    {
        ArgumentNullException.ThrowIfNull(network);
        SkipUnlessPrivileged();
        string work = Directory.CreateTempSubdirectory("ucarp-test-").FullName;
        return new UcarpCluster(network(), work, ipv6);
    }

    public bool Ipv6 { get; }

    /// <summary>--peer for every other host: the arguments that make host <paramref name="index"/> a unicast member.</summary>
    public string[] PeersOf(int index) =>
        [.. Hosts.Where((_, i) => i != index).Select(h => "--peer=" + h.Address)];

    /// <summary>Starts ucarp on host <paramref name="index"/> (0-based) with the usual options and <paramref name="extra"/>.</summary>
    public TestProcess Start(int index, string binary, params string[] extra) =>
        _network.StartProcess(Hosts[index].Namespace, binary, [.. UsualArguments(Hosts[index]), .. extra]);

    /// <summary>
    /// As <see cref="Start"/>, with <paramref name="shellWords"/> appended as sh expands them: the way to pass
    /// bytes that are not UTF-8, e.g. <c>-p "$(printf 'l\377ve')"</c> (.NET writes every string as UTF-8).
    /// </summary>
    public TestProcess StartWithShellWords(int index, string binary, string shellWords) =>
        _network.StartProcess(Hosts[index].Namespace, "/bin/sh", ["-c", "exec \"$0\" \"$@\" " + shellWords, binary, .. UsualArguments(Hosts[index])]);

    private string[] UsualArguments(TestHost host) =>
    [
        "-i", host.Interface, "-s", (Ipv6 ? host.Ipv6Address : host.Address).ToString(), "-v", "7", "-p", Password, "-a", Vip,
        "-u", UpScript, "-d", DownScript, "-f", "none",
    ];

    public TestProcess StartOurs(int index, params string[] extra) => Start(index, OursBinary, extra);

    /// <summary>Ours on host 0, once it is the only master.</summary>
    public TestProcess StartMaster(params string[] extra)
    {
        TestProcess master = StartOurs(0, extra);
        Assert.True(WaitForSingleMaster(0, TimeSpan.FromSeconds(8)), string.Join("\n", master.Lines));
        return master;
    }

    /// <summary>Ours on host 1, once it has settled as backup.</summary>
    public TestProcess StartBackup(params string[] extra)
    {
        TestProcess backup = StartOurs(1, extra);
        Assert.NotNull(backup.WaitForLine("Switching to state: BACKUP", TimeSpan.FromSeconds(8)));
        return backup;
    }

    public TestProcess StartOriginal(int index, params string[] extra)
    {
        SkipUnlessOriginalInstalled();
        return Start(index, OriginalBinary, extra);
    }

    /// <summary>Indexes of the hosts that hold the VIP now.</summary>
    public IReadOnlyList<int> Masters() =>
        Enumerable.Range(0, Hosts.Count).Where(i => TestNetwork.HasAddress(Hosts[i], Vip)).ToList();

    /// <summary>Polls until <paramref name="condition"/> holds; false at the timeout.</summary>
    public static bool WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                return false;
            }
            Thread.Sleep(20);
        }
        return true;
    }

    public bool WaitForSingleMaster(int index, TimeSpan timeout) =>
        WaitUntil(() => Masters() is [var only] && only == index, timeout);

    /// <summary>Lines the scripts appended: <c>script args... state=S previous=P vhid=V reason=R</c>.</summary>
    public IReadOnlyList<string> ScriptCalls() => File.Exists(EventsFile) ? File.ReadAllLines(EventsFile) : [];

    public void WriteScript(string name, string body) =>
        WriteBareScript(name,
            $"echo \"$(basename \"$0\") $* state=$UCARP_STATE previous=$UCARP_PREVIOUS_STATE vhid=$UCARP_VHID reason=$UCARP_REASON\" >> {EventsFile}\n" +
            body);

    /// <summary>A /bin/sh script that runs only <paramref name="body"/>: nothing is recorded or forked before it.</summary>
    public string WriteBareScript(string name, string body)
    {
        string path = Path.Combine(WorkDirectory, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        return path;
    }

    public static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    public void Dispose()
    {
        _network.Dispose();
        RawNames.DeleteTree(WorkDirectory);
    }
}
