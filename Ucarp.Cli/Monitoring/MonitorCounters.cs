using Ucarp.Cli.Logging;
using Ucarp.Protocol.Packets;

namespace Ucarp.Cli.Monitoring;

/// <summary>The one list of counters the status file and the metrics both write, in the status file's order.</summary>
internal static class MonitorCounters
{
    private static readonly string[] UpDown = ["up", "down"];

    private static readonly CounterFamily[] s_all =
    [
        new("advertisements_sent", "ucarp_advertisements_sent_total", "CARP advertisements sent.",
            null, [], static (s, _) => s.AdvertisementsSent),
        new("advertisements_received", "ucarp_advertisements_received_total", "Valid CARP advertisements received for this virtual host.",
            null, [], static (s, _) => s.AdvertisementsReceived),
        new("send_failures", "ucarp_send_failures_total", "Advertisements the kernel refused to send.",
            null, [], static (s, _) => s.SendFailures),
        new("gratuitous_arps", "ucarp_gratuitous_arps_total", "Gratuitous ARPs (IPv6: unsolicited neighbor advertisements) sent for the virtual address.",
            null, [], static (s, _) => s.GratuitousArps),
        new("bow_outs", "ucarp_bow_outs_total", "Times a master bowed out (sent advskew 255): leaving with -z, SIGUSR2 or a failed health check.",
            null, [], static (s, _) => s.BowOuts),
        new("transitions", "ucarp_transitions_total", "State transitions, by the state entered.",
            "to", ["MASTER", "BACKUP"], static (s, i) => i == 0 ? s.TransitionsToMaster : s.TransitionsToBackup) { StatusTotal = true },
        new("dropped", "ucarp_packets_dropped_total", "Received frames not taken as advertisements, by reason.",
            "reason", Names(InstanceSnapshot.DropReasons, EventNames.Drop), static (s, i) => s.Dropped[(int)InstanceSnapshot.DropReasons[i]]),
        new("script_runs", "ucarp_script_runs_total", "Up and down script runs started.",
            "script", UpDown, static (s, i) => i == 0 ? s.UpScriptRuns : s.DownScriptRuns),
        new("script_failures", "ucarp_script_failures_total", "Script runs that could not start, exited non-zero or were killed.",
            "script", UpDown, static (s, i) => i == 0 ? s.UpScriptFailures : s.DownScriptFailures),
        new("check_runs", "ucarp_check_runs_total", "Health check runs, by result.",
            "result", Names(HealthSnapshot.Results, HealthSnapshot.Name), static (s, i) => s.Health!.Runs[i]) { HealthOnly = true },
    ];

    public static ReadOnlySpan<CounterFamily> All => s_all;

    // A loop rather than LINQ's Select: each Select over an enum compiles its own iterators into the binary.
    private static string[] Names<T>(IReadOnlyList<T> values, Func<T, string> name)
    {
        var names = new string[values.Count];
        for (int i = 0; i < names.Length; i++)
        {
            names[i] = name(values[i]);
        }
        return names;
    }
}
