using System.ComponentModel;
using System.Globalization;
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
    private static string Self => Environment.ProcessPath ?? "/proc/self/exe";

    public static int Launch(string[] args, Logger log)
    {
        if (!DetachedProcess.TryStart(Self, args, new Dictionary<string, string> { [StageVariable] = SessionLeaderStage },
                newSession: true, out _, out SafeFileHandle? readiness, out int errno))
        {
            log.Error("Unable to start the daemon: " + new Win32Exception(errno).Message);
            return ExitCodes.SetupFailed;
        }
        using var reader = new StreamReader(new FileStream(readiness, FileAccess.Read, bufferSize: 0));
        while (reader.ReadLine() is { } line)
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

    /// <summary>In the session leader: spawn the daemon with the same pipe on descriptor 3, and leave.</summary>
    public static int SpawnDaemonFromSessionLeader(string[] args)
    {
        int errno = PosixSpawn.Start(Self, args, new Dictionary<string, string> { [StageVariable] = DaemonStage },
            new PosixSpawn.DetachedStdio(DetachedProcess.ReadinessFd, NewSession: false), out _);
        return errno == 0 ? ExitCodes.Success : ExitCodes.SetupFailed;
    }

    /// <summary>Reads and removes the marker so that scripts never inherit it.</summary>
    private static string? TakeStage()
    {
        string? stage = Environment.GetEnvironmentVariable(StageVariable);
        if (stage is not null)
        {
            Environment.SetEnvironmentVariable(StageVariable, null);
        }
        return stage;
    }
}
