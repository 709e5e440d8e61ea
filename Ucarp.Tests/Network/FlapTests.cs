using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Ucarp.Tests.Network;

/// <summary>
/// Adverts with a valid digest and fresh counters that flip the state on every frame: the digest
/// covers neither advbase nor advskew, so whoever knows the password (or replays a captured frame's
/// digest) can alternate a preferred and a timing-out interval. Scripts must coalesce, and the log and
/// the daemon's memory stay bounded.
/// </summary>
[Trait("Category", "Privileged")]
public class FlapTests
{
    [Fact]
    public void StateFlippedByEveryFrame_ScriptsCoalesce_LastWordIsTheState_LogAndMemoryBounded()
    {
        using UcarpCluster cluster = UcarpCluster.Create(2);
        string status = Path.Combine(cluster.WorkDirectory, "status.json");
        using TestProcess ours = cluster.StartMaster("--status-file=" + status);
        int linesBefore = ours.Lines.Count;
        long rssBefore = Rss(ours.Pid);

        TestHost attacker = cluster.Hosts[1];
        int sent = TestNetwork.RunInNamespace(attacker.Namespace, () => SendFlipping(attacker, perSecond: 1000, TimeSpan.FromSeconds(10)));
        long rssAfter = Rss(ours.Pid);

        Assert.InRange(sent, 5000, 10_001);
        long transitions = Transitions(status);
        Assert.True(transitions > 1000, $"{transitions} transitions: the frames did not flip the state");
        // The attacker is silent now. Under load ours may still be reading frames it queued (the socket
        // holds seconds of them), so the end of the flapping is when it has read the last: from then on
        // ours takes over after its dead interval and stays master, the last script is the up script,
        // and no other follows.
        Assert.True(StaysSettled(() => LastWordIsMaster(cluster, status), () => cluster.ScriptCalls().Count,
            settled: TimeSpan.FromSeconds(3), timeout: TimeSpan.FromSeconds(30)),
            string.Join("\n", cluster.ScriptCalls().TakeLast(5)));

        // Ten transitions and ten script runs logged per 10 s, plus a count of the others.
        string[] lines = [.. ours.Lines.Skip(linesBefore)];
        Assert.InRange(lines.Length, 10, 300);
        Assert.Contains(lines, l => l.Contains("more transitions not logged (flapping)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("more script runs not logged (flapping)", StringComparison.Ordinal));
        // A generous bound: this run is short, and the machine is shared.
        Assert.True(rssAfter - rssBefore < 16 << 20, $"RSS grew by {(rssAfter - rssBefore) >> 10} KiB");
    }

    // True once `holds` has been true, and `calls` unchanged, for `settled` without a break.
    private static bool StaysSettled(Func<bool> holds, Func<int> calls, TimeSpan settled, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        TimeSpan since = clock.Elapsed;
        int seen = calls();
        while (clock.Elapsed < timeout)
        {
            int now = calls();
            if (!holds() || now != seen)
            {
                since = clock.Elapsed;
                seen = now;
            }
            else if (clock.Elapsed - since >= settled)
            {
                return true;
            }
            Thread.Sleep(100);
        }
        return false;
    }

    private static bool LastWordIsMaster(UcarpCluster cluster, string status) =>
        State(status) == "MASTER" && cluster.ScriptCalls() is [.., string last] && last.StartsWith("vip-up ", StringComparison.Ordinal)
            && cluster.Masters() is [0];

    // Far ahead of whatever ours sends in between: ours continues from the last counter it heard (a few
    // ahead on becoming master), and a counter it sent itself is a replay (ReplayWindow).
    private const ulong CounterStep = 1 << 16;

    // Even frames: advbase 0, which a master yields to; odd: advbase 255, which a backup takes as the
    // master going away. Each with a fresh counter and the right digest.
    private static int SendFlipping(TestHost from, int perSecond, TimeSpan duration)
    {
        using var sender = new AdvertSender(from, UcarpCluster.Password);
        ulong counter = (ulong)DateTime.UtcNow.Ticks;
        int sent = 0;
        var clock = Stopwatch.StartNew();
        for (int i = 0; clock.Elapsed < duration; Thread.Sleep(1))
        {
            for (long due = (long)(clock.Elapsed.TotalSeconds * perSecond); i < due; i++)
            {
                byte interval = i % 2 == 0 ? (byte)0 : (byte)255;
                if (sender.Send(interval, interval, counter += CounterStep, (ushort)i))
                {
                    sent++;
                }
            }
        }
        return sent;
    }

    private static long Rss(int pid)
    {
        string line = File.ReadLines(string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/status")).Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) << 10;
    }

    private static string? State(string status) => Read(status, root => root.GetProperty("state").GetString());

    private static long Transitions(string status) => Read(status, root => root.GetProperty("counters").GetProperty("transitions").GetInt64());

    private static T? Read<T>(string status, Func<JsonElement, T> read)
    {
        try
        {
            using JsonDocument json = JsonDocument.Parse(File.ReadAllText(status));
            return read(json.RootElement);
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return default;
        }
    }
}
