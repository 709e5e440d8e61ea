using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Ucarp.Cli.CommandLine;
using Ucarp.Cli.Linux;
using Ucarp.Cli.Logging;

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
                newSession: true, out _, out SafeFileHandle? readiness, out int errno))
        {
            log.Error("Unable to start the daemon: " + Errno.Message(errno));
            return ExitCodes.SetupFailed;
        }
        using var reader = new FileStream(readiness, FileAccess.Read);
        while (ReadLine(reader) is { } line)
        {
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
        // The pipe closed without READY: the daemon failed to set up (its errors are above) or died.
        return ExitCodes.SetupFailed;
    }

    /// <summary>One line from the daemon, decoded as ReadinessReporter encoded it (bytes that are not UTF-8 kept); null at EOF.</summary>
    private static string? ReadLine(Stream stream)
    {
        var line = new List<byte>();
        int next;
        while ((next = stream.ReadByte()) >= 0 && next != '\n')
        {
            line.Add((byte)next);
        }
        return next < 0 && line.Count == 0 ? null : SurrogateEscape.Decode(CollectionsMarshal.AsSpan(line));
    }

    /// <summary>In the session leader: spawn the daemon with the same pipe on descriptor 3, and leave.</summary>
    public static int SpawnDaemonFromSessionLeader(string[] args)
    {
        int errno = PosixSpawn.Start(Self, args, [StageVariable + "=" + DaemonStage],
            new PosixSpawn.DetachedStdio(DetachedProcess.ReadinessFd, NewSession: false), out _);
        return errno == 0 ? ExitCodes.Success : ExitCodes.SetupFailed;
    }

    /// <summary>Reads and removes the marker so that scripts never inherit it.</summary>
    private static string? TakeStage()
    {
        string? stage = Environment.GetEnvironmentVariable(StageVariable);
        if (stage is not null)
        {
            InheritedEnvironment.Remove(StageVariable);
        }
        return stage;
    }
}
