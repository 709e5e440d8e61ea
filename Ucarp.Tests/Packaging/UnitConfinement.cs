using System.Text.RegularExpressions;
using Ucarp.Tests.Network;

namespace Ucarp.Tests.Packaging;

/// What a unit's [Service] section confines, applied the way a test can without a running systemd
/// (systemd.exec(5)): the capability bounding set and no_new_privs with setpriv(1), and
/// MemoryDenyWriteExecute= with the kernel's own PR_SET_MDWE, which refuses the same mappings
/// systemd's seccomp rule does. SystemCallFilter= cannot be installed without systemd, so it is
/// checked against a trace of what was called instead (<see cref="AllowedSystemCalls"/>).
internal static partial class UnitConfinement
{
    // prctl(PR_SET_MDWE = 65, PR_MDWE_REFUSE_EXEC_GAIN = 1), kept across execve (linux/prctl.h).
    private const string Mdwe =
        "import ctypes, os, sys\n" +
        "if ctypes.CDLL(None, use_errno=True).prctl(65, 1, 0, 0, 0) != 0:\n" +
        "    sys.exit('prctl(PR_SET_MDWE): errno %d' % ctypes.get_errno())\n" +
        "os.execvp(sys.argv[1], sys.argv[1:])\n";

    /// The command line that starts <paramref name="argv"/> under the unit's confinement: setpriv, then
    /// python3 setting MDWE, each exec'ing the next, so the process keeps one pid throughout.
    public static string[] Launcher(IReadOnlyDictionary<string, string> service, IEnumerable<string> argv)
    {
        // "CAP_NET_RAW CAP_NET_ADMIN" is setpriv's "-all,+net_raw,+net_admin".
        var keep = service["CapabilityBoundingSet"].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(c => "+" + c.ToLowerInvariant().Replace("cap_", "", StringComparison.Ordinal));
        List<string> launcher = ["setpriv", "--bounding-set=" + string.Join(',', ["-all", .. keep])];
        if (service.GetValueOrDefault("NoNewPrivileges") == "yes")
        {
            launcher.Add("--no-new-privs");
        }
        launcher.Add("--");
        if (service.GetValueOrDefault("MemoryDenyWriteExecute") == "yes")
        {
            launcher.AddRange(["python3", "-c", Mdwe]);
        }
        return [.. launcher, .. argv];
    }

    /// Every system call SystemCallFilter= allows, its groups expanded as this machine's systemd
    /// defines them (systemd-analyze syscall-filter). Only an allow list is understood.
    public static HashSet<string> AllowedSystemCalls(string filter)
    {
        Assert.False(filter.StartsWith('~'), $"SystemCallFilter={filter} is a deny list; the check expects an allow list");
        var allowed = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(filter.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        while (pending.TryPop(out var entry))
        {
            if (!entry.StartsWith('@'))
            {
                _ = allowed.Add(entry);
            }
            else if (seen.Add(entry))
            {
                var group = TestNetwork.Run("systemd-analyze", ["syscall-filter", entry]).EnsureSuccess("systemd-analyze syscall-filter " + entry);
                // The first line names the group; its members follow indented, "#" lines are comments.
                foreach (var line in group.Stdout.Split('\n').Skip(1).Select(l => l.Trim()).Where(l => l.Length > 0 && l[0] != '#'))
                {
                    pending.Push(line);
                }
            }
        }
        return allowed;
    }

    /// The system calls an strace -f output file shows, by name.
    public static HashSet<string> CalledSystemCalls(string straceOutput) =>
        [.. File.ReadLines(straceOutput).Select(l => TracedCall().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value)];

    // "1234 openat(AT_FDCWD, ...) = 3" and "1234 read(3, <unfinished ...>"; not "<... read resumed>".
    [GeneratedRegex(@"^\d+\s+([a-z_][a-z0-9_]*)\(")]
    private static partial Regex TracedCall();
}
