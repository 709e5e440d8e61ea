using System.Globalization;
using System.Runtime.InteropServices;
using Ucarp.Cli.CommandLine;
using Ucarp.Cli.Linux;
using Ucarp.Cli.Logging;
using static Ucarp.Cli.Interop.Libc;

namespace Ucarp.Cli.Daemon;

/// <summary>
/// -B without fork (a .NET process must not fork): the executable re-spawns itself twice. The
/// first child leads a new session and at once spawns the daemon, which is therefore in that
/// session but not its leader (it can never regain a terminal), with cwd / and stdio on
/// /dev/null. The foreground process waits on a pipe until the daemon has opened its sockets:
/// exit 0, or print the daemon's set-up errors and exit 2.
/// </summary>
internal static class Background
{
    public const string StageVariable = "UCARP_DAEMON_STAGE";
    public const string SessionLeaderStage = "session";
    public const string DaemonStage = "daemon";

    public static string? Stage { get; } = TakeStage();

    /// <summary>Our own executable, to start again detached.</summary>
    private static string Self => ProcSelf.ExecutablePath();

    public static int Launch(string[] args, Logger log)
    {
        if (!DetachedProcess.TryStart(Self, args, [StageVariable + "=" + SessionLeaderStage],
                newSession: true, out _, out FileDescriptorHandle? readiness, out int errno))
        {
            log.Error("Unable to start the daemon: " + Errno.Message(errno));
            return ExitCodes.SetupFailed;
        }
        using (readiness)
        {
            var pending = new List<byte>();
            var chunk = new byte[4096];
            int read;
            do
            {
                // An error reading counts as the end: the daemon is gone either way.
                read = Math.Max(RawFile.Read(readiness, chunk), 0);
                pending.AddRange(chunk.AsSpan(0, read));
                int newline;
                while ((newline = CollectionsMarshal.AsSpan(pending).IndexOf((byte)'\n')) >= 0 || (read == 0 && pending.Count > 0))
                {
                    int end = newline >= 0 ? newline : pending.Count;
                    // Decoded as ReadinessReporter encoded it (bytes that are not UTF-8 kept).
                    string line = SurrogateEscape.Decode(CollectionsMarshal.AsSpan(pending)[..end]);
                    pending.RemoveRange(0, Math.Min(end + 1, pending.Count));
                    if (line == ReadinessReporter.ReadyLine)
                    {
                        return ExitCodes.Success;
                    }
                    int space = line.IndexOf(' ', StringComparison.Ordinal);
                    if (space > 0 && int.TryParse(line.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out int level))
                    {
                        log.Log((LogLevel)level, line[(space + 1)..]);
                    }
                }
            }
            while (read > 0);
        }
        // The pipe closed without READY: the daemon failed to set up (its errors are above) or died.
        return ExitCodes.SetupFailed;
    }

    /// <summary>In the session leader: spawn the daemon with the same pipe on descriptor 3, and leave.</summary>
    public static int SpawnDaemonFromSessionLeader(string[] args)
    {
        int errno = PosixSpawn.Start(Self, args, [StageVariable + "=" + DaemonStage],
            new PosixSpawn.DetachedStdio(DetachedProcess.ReadinessFd, NewSession: false), out _);
        return errno == 0 ? ExitCodes.Success : ExitCodes.SetupFailed;
    }

    /// <summary>
    /// Reads and removes the marker so that scripts never inherit it. getenv, not
    /// Environment.GetEnvironmentVariable: that first copies the whole environment into a dictionary, at
    /// every start (--help too).
    /// </summary>
    private static unsafe string? TakeStage()
    {
        byte* value;
        fixed (byte* name = SurrogateEscape.Encode(StageVariable + "\0"))
        {
            value = getenv(name);
        }
        if (value is null)
        {
            return null;
        }
        InheritedEnvironment.Remove(StageVariable);
        return SurrogateEscape.Decode(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(value));
    }
}
