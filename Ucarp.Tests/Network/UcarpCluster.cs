using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Ucarp.Cli.CommandLine;
using Ucarp.Tests.Fakes;

namespace Ucarp.Tests.Network;

/// <summary>
/// Hosts on a throw-away segment running ucarp (ours or Debian's), with up/down scripts that add
/// and remove the VIP and record every call, so tests can ask who is master and what ran.
/// </summary>
public sealed partial class UcarpCluster : IDisposable
{
    public const string OriginalBinary = "/usr/sbin/ucarp";
    public const string Password = "test-pass";

    /// <summary>The second instance's vhid in <see cref="OursMode.Instance"/>: no test uses it.</summary>
    private const string OtherVhid = "250";

    /// <summary>Options of the process as a whole (InstancesFile refuses them in the file), without and with a value.</summary>
    private static readonly string[] s_processWideFlags = ["-B", "--daemonize", "-D", "--debug"];
    private static readonly string[] s_processWideWithValue = ["-f", "--facility", "--log-format"];

    private readonly TestNetwork _network;
    private readonly OursMode _ours;
    private int _instanceFiles;

    private UcarpCluster(TestNetwork network, string workDirectory, bool ipv6, OursMode ours)
    {
        _network = network;
        _ours = ours;
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

    /// <summary>
    /// With <paramref name="ipv6"/>, the hosts use 2001:db8::n as --srcip and the VIP is 2001:db8::100;
    /// <paramref name="ours"/> says how <see cref="StartOurs"/> runs ours.
    /// </summary>
    public static UcarpCluster Create(int hosts, bool ipv6 = false, OursMode ours = OursMode.Process) =>
        Create(() => TestNetwork.Create(hosts, ipv6: ipv6), ipv6, ours);

    /// <summary>On a network of another shape (<see cref="TestNetwork.CreateRouted"/>); the VIP stays 198.18.0.100.</summary>
    public static UcarpCluster Create(Func<TestNetwork> network, bool ipv6 = false, OursMode ours = OursMode.Process)
    {
        ArgumentNullException.ThrowIfNull(network);
        SkipUnlessPrivileged();
        string work = Directory.CreateTempSubdirectory("ucarp-test-").FullName;
        return new UcarpCluster(network(), work, ipv6, ours);
    }

    public bool Ipv6 { get; }

    /// <summary>--peer for every other host: the arguments that make host <paramref name="index"/> a unicast member.</summary>
    public string[] PeersOf(int index) =>
        [.. Hosts.Where((_, i) => i != index).Select(h => "--peer=" + (Ipv6 ? h.Ipv6Address : h.Address))];

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

    /// <summary>Ours on host <paramref name="index"/> with the usual options and <paramref name="extra"/>, as the cluster's <see cref="OursMode"/> says.</summary>
    public TestProcess StartOurs(int index, params string[] extra) =>
        _ours == OursMode.Instance ? StartInstance(index, [.. extra.Select(Encoding.UTF8.GetBytes)]) : Start(index, OursBinary, extra);

    /// <summary>Ours as <see cref="StartWithShellWords"/> starts a binary, as the cluster's <see cref="OursMode"/> says.</summary>
    public TestProcess StartOursWithShellWords(int index, string shellWords) =>
        _ours == OursMode.Instance ? StartInstance(index, ExpandShellWords(shellWords)) : StartWithShellWords(index, OursBinary, shellWords);

    /// <summary>
    /// <see cref="OursMode.Instance"/>: the usual options and <paramref name="extra"/> become line 1 of an instances
    /// file, another instance on the same interface line 2; the process-wide options stay on the command line
    /// (as the tests write them: a value in a word of its own or after <c>=</c>). The test sees its instance's
    /// lines as a process of its own prints them: without the <c>[eth0 vhid 7] </c> in front, and not the other's.
    /// </summary>
    private TestProcess StartInstance(int index, byte[][] extra)
    {
        TestHost host = Hosts[index];
        byte[][] words = [.. UsualArguments(host).Select(Encoding.UTF8.GetBytes), .. extra];
        var processWide = new List<string>();
        var line = new List<byte[]>();
        for (int i = 0; i < words.Length; i++)
        {
            string word = Encoding.UTF8.GetString(words[i]);
            if (s_processWideFlags.Contains(word) || word.StartsWith("--facility=", StringComparison.Ordinal) || word.StartsWith("--log-format=", StringComparison.Ordinal))
            {
                processWide.Add(word);
            }
            else if (s_processWideWithValue.Contains(word) && i + 1 < words.Length)
            {
                processWide.AddRange([word, Encoding.UTF8.GetString(words[++i])]);
            }
            else
            {
                line.Add(words[i]);
                // A short option's value may look like an option ("-p -B"): it stays with its option.
                if (word is ['-', char option] && UcarpOptionTable.ShortOptions.Contains(option + ":", StringComparison.Ordinal) && i + 1 < words.Length)
                {
                    line.Add(words[++i]);
                }
            }
        }
        string other = Format($"-i {host.Interface} -s {(Ipv6 ? host.Ipv6Address : host.Address)} -v {OtherVhid} -p {Password} -a {(Ipv6 ? "2001:db8::250" : "198.18.0.250")}");
        string file = Path.Combine(WorkDirectory, Format($"instances-{index}-{++_instanceFiles}.conf"));
        File.WriteAllBytes(file, [.. line.SelectMany(w => ShellQuoted(w).Append((byte)' ')), (byte)'\n', .. Encoding.UTF8.GetBytes(other), (byte)'\n']);
        return _network.StartProcess(host.Namespace, InstanceView, OursBinary, [.. processWide, "--instances=" + file]);
    }

    /// <summary>sh's single quotes, which the instances file reads alike: everything literal, a quote itself as '\''.</summary>
    private static byte[] ShellQuoted(byte[] word) =>
        [(byte)'\'', .. word.SelectMany(b => b == '\'' ? "'\\''"u8.ToArray() : [b]), (byte)'\''];

    /// <summary>The words sh makes of <paramref name="shellWords"/>, byte for byte.</summary>
    private byte[][] ExpandShellWords(string shellWords)
    {
        string expanded = Path.Combine(WorkDirectory, "words");
        RawNames.Shell($"out=$1; set -- {shellWords}; printf '%s\\0' \"$@\" > \"$out\"", expanded);
        byte[] bytes = File.ReadAllBytes(expanded);
        var words = new List<byte[]>();
        foreach (Range word in bytes.AsSpan(..^1).Split((byte)0))
        {
            words.Add(bytes[word]);
        }
        return [.. words];
    }

    private static string? InstanceView(string line)
    {
        Match named = InstanceName().Match(line);
        return !named.Success ? line : named.Groups[1].Value == OtherVhid ? null : line.Remove(named.Index, named.Length);
    }

    [GeneratedRegex(@"\[\S+ vhid (\d+)\] ")]
    private static partial Regex InstanceName();

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
