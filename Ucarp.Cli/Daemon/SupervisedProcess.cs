using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using Ucarp.Cli.Linux;

namespace Ucarp.Cli.Daemon;

/// <summary>
/// A child of the event loop with a deadline: the loop polls <see cref="ExitFd"/> and reaps it,
/// and once <see cref="TimeUntilDeadline"/> has passed, stops its process group in stages
/// (<see cref="Terminate"/>, <see cref="Kill"/>), each stage pushing the deadline
/// <see cref="KillGrace"/> further. A child that outlives SIGKILL by that grace is stuck in the kernel
/// (state D: a hung NFS server, a frozen file system): the owner marks it <see cref="MarkStuck"/> and
/// goes on waiting for its pidfd, so that no second one starts beside it. Scripts and the health
/// check both run this way.
/// </summary>
internal sealed class SupervisedProcess : IDisposable
{
    public static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(2);

    private const int SIGKILL = 9;    // signal.h
    private const int SIGTERM = 15;

    private readonly ScriptProcess _process;
    private readonly long _startedAt;
    private long _deadline;

    private SupervisedProcess(ScriptProcess process, TimeSpan timeout)
    {
        _process = process;
        _startedAt = Stopwatch.GetTimestamp();
        _deadline = _startedAt + StopwatchTicks.From(timeout);
    }

    /// <summary>How far the stopping has gone.</summary>
    public StopStage Stage { get; private set; }

    public int ExitFd => _process.ExitFd;

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_startedAt);

    public bool IsPastDeadline => Stopwatch.GetTimestamp() >= _deadline;

    /// <summary>Null once stuck: only its exit is awaited.</summary>
    public TimeSpan? TimeUntilDeadline
    {
        get
        {
            if (Stage == StopStage.Stuck)
            {
                return null;
            }
            TimeSpan left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), _deadline);
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    /// <inheritdoc cref="ScriptProcess.TryStart"/>
    public static bool TryStart(string path, IReadOnlyList<string> arguments, IReadOnlyList<string> environment,
        TimeSpan timeout, bool nullStdio, [NotNullWhen(true)] out SupervisedProcess? process, out int errno)
    {
        process = null;
        if (!ScriptProcess.TryStart(path, arguments, environment, out ScriptProcess? child, out errno, nullStdio))
        {
            return false;
        }
        process = new SupervisedProcess(child, timeout);
        return true;
    }

    public bool TryReap(out ProcessExit exit) => _process.TryReap(out exit);

    /// <summary>SIGTERM to the group; the next deadline is <see cref="KillGrace"/> from now.</summary>
    public void Terminate() => Signal(SIGTERM, StopStage.Terminated);

    /// <summary>SIGKILL to the group; the next deadline is <see cref="KillGrace"/> from now.</summary>
    public void Kill() => Signal(SIGKILL, StopStage.Killed);

    /// <summary>SIGKILL did not end it: no deadline any more, its pidfd says when it has gone.</summary>
    public void MarkStuck()
    {
        Stage = StopStage.Stuck;
        _deadline = long.MaxValue;
    }

    private void Signal(int signal, StopStage next)
    {
        _process.SignalGroup(signal);
        Stage = next;
        _deadline = Stopwatch.GetTimestamp() + StopwatchTicks.From(KillGrace);
    }

    public void Dispose() => _process.Dispose();

    public enum StopStage
    {
        Running,
        Terminated,
        Killed,
        Stuck,
    }
}
