using System.Globalization;
using Ucarp.Cli.Linux;
using Ucarp.Cli.Logging;
using Ucarp.Cli.Monitoring;
using Ucarp.Protocol;
using Ucarp.Protocol.Engine;

namespace Ucarp.Cli.Daemon;

/// <summary>
/// Runs up and down scripts one at a time without blocking the event loop: the loop polls
/// <see cref="ExitFd"/> and calls <see cref="OnExited"/>, and calls <see cref="OnDeadline"/> once
/// <see cref="TimeUntilDeadline"/> has passed. Arguments are ucarp's: <c>interface-as-typed
/// vip-as-typed [xparam]</c>, plus UCARP_* environment variables.
/// </summary>
/// <remarks>
/// Scripts coalesce: while one runs, only the latest transition's script waits, and none when that
/// would say again what the running one says. Transitions as fast as forged advertisements can make
/// them (the digest covers neither advbase nor advskew) thus never queue scripts hours behind, and once
/// they stop, the scripts' last word is the state's within one run. Transitions further apart than a
/// script's run each get theirs, in order, as in ucarp 1.5.2.
/// A script may run for <c>timeout</c>; then its process group gets SIGTERM, and SIGKILL
/// <see cref="SupervisedProcess.KillGrace"/> later. A script that outlives even SIGKILL is stuck in the
/// kernel: the next one waits until it has gone, so that hung scripts never pile up; only when leaving
/// is it left behind, so that the down script still runs.
/// </remarks>
internal sealed class ScriptQueue(Logger log, string interfaceName, string vipText, string? xparam, byte vhid, TimeSpan timeout) : IDisposable
{
    private readonly BurstLogLimiter _lines = new(TimeProvider.System);
    private ScriptRequest? _pending;
    private bool _leaving;
    private bool _runningLogged;

    /// <summary>What every script gets after its path: <c>interface vip [xparam]</c>.</summary>
    public IReadOnlyList<string> Arguments { get; } = xparam is null ? [interfaceName, vipText] : [interfaceName, vipText, xparam];
    private SupervisedProcess? _running;
    private ScriptRequest? _runningRequest;

    /// <summary>Raised when a script has ended (or failed to start), with the request it ran.</summary>
    public event Action<ScriptRequest>? Finished;

    /// <summary>The pidfd of the running script, or -1 when none runs.</summary>
    public int ExitFd => _running?.ExitFd ?? -1;

    public ScriptCounters Counters { get; } = new();

    public bool IsIdle => _running is null && _pending is null;

    public bool HasPending => _pending is not null;

    /// <summary>When <see cref="OnDeadline"/> is next due, from now; null when no script runs or it is stuck.</summary>
    public TimeSpan? TimeUntilDeadline => _running?.TimeUntilDeadline;

    /// <summary>
    /// The latest transition's script, in place of any still waiting; it starts at the next
    /// <see cref="StartPending"/>. Nothing waits when the running script is the same kind (up or down)
    /// and has not been stopped: its word already is the latest.
    /// </summary>
    public void Enqueue(ScriptRequest request) =>
        _pending = _running is { Stage: SupervisedProcess.StopStage.Running } && IsUp(_runningRequest!) == IsUp(request) ? null : request;

    /// <summary>The running script's pidfd became readable: reap it and start the next.</summary>
    public void OnExited()
    {
        if (_running is null || !_running.TryReap(out ProcessExit exit))
        {
            return;
        }
        TimeSpan took = _running.Elapsed;
        bool logged = _runningLogged;
        ScriptRequest done = EndRunning();
        if (!exit.Succeeded)
        {
            Counters.CountFailure(done.State);
        }
        if (logged)
        {
            string line = $"Script [{done.Path}] ended with {exit} after {DurationText.Milliseconds(took)} ms";
            log.Log(exit.Succeeded ? LogLevel.Info : LogLevel.Warning, line, LogEvent.ScriptEnded(done.State, exit));
        }
        Finished?.Invoke(done);
        StartPending();
    }

    /// <summary>The running script's time is up: SIGTERM to its group, then SIGKILL, then it is stuck.</summary>
    public void OnDeadline()
    {
        if (_running is null || !_running.IsPastDeadline)
        {
            return;
        }
        string path = _runningRequest!.Path;
        switch (_running.Stage)
        {
            case SupervisedProcess.StopStage.Running:
                log.Warning($"Script [{path}] still running after {DurationText.Seconds(timeout, 0)} s: terminating it");
                _running.Terminate();
                break;
            case SupervisedProcess.StopStage.Terminated:
                log.Warning($"Script [{path}] still running {DurationText.Seconds(SupervisedProcess.KillGrace, 0)} s after SIGTERM: killing it");
                _running.Kill();
                break;
            default:
                if (_leaving)
                {
                    Abandon();
                    break;
                }
                log.Error($"Script [{path}] still running after SIGKILL (stuck in the kernel): no other script starts until it ends");
                _running.MarkStuck();
                break;
        }
    }

    /// <summary>Leaving, past SIGKILL: the down script must not wait for ever behind a stuck script.</summary>
    private void Abandon()
    {
        log.Error($"Script [{_runningRequest!.Path}] still running after SIGKILL: no longer waiting for it");
        ScriptRequest abandoned = EndRunning();
        Finished?.Invoke(abandoned);
        StartPending();
    }

    /// <summary>
    /// Leaving: a running up script gets SIGTERM (SIGKILL follows at <see cref="OnDeadline"/>), a
    /// running down script may finish within its timeout, a stuck script is left behind, and a waiting
    /// up script is dropped (a waiting down script is the latest transition's and stays). True when a
    /// script was waiting or an up script is cut short, so the VIP may be configured whatever the state says.
    /// </summary>
    public bool StopAll()
    {
        _leaving = true;
        bool cutShort = _pending is not null;
        if (_pending is not null && IsUp(_pending))
        {
            _pending = null;
        }
        if (_running is not null && IsUp(_runningRequest!))
        {
            cutShort = true;
            if (_running.Stage == SupervisedProcess.StopStage.Running)
            {
                log.Warning($"Stopping script [{_runningRequest!.Path}]");
                _running.Terminate();
            }
        }
        if (_running is { Stage: SupervisedProcess.StopStage.Stuck })
        {
            Abandon();
        }
        return cutShort;
    }

    private static bool IsUp(ScriptRequest request) => request.State == CarpState.Master;

    /// <summary>
    /// Starts the waiting script unless one is running. Past <see cref="BurstLogLimiter.Burst"/> runs in a
    /// window, a run's lines (Spawning, ended, unable to exec) are only counted, and said as a count once
    /// the window is over.
    /// </summary>
    public void StartPending()
    {
        if (_lines.TakeSuppressed() is long suppressed and > 0)
        {
            log.Warning(string.Create(CultureInfo.InvariantCulture, $"{suppressed} more script runs not logged (flapping)"));
        }
        while (_running is null && _pending is { } request)
        {
            _pending = null;
            string[] argv = [request.Path, .. Arguments];
            bool logged = _lines.TryAcquire();
            if (logged)
            {
                log.Warning($"Spawning [{string.Join(' ', argv)}]");
            }
            string[] environment = Environment(request.State, request.PreviousState, vhid, request.Reason);
            Counters.CountRun(request.State);
            if (SupervisedProcess.TryStart(request.Path, argv.AsSpan(1).ToArray(), environment, timeout, nullStdio: false, out SupervisedProcess? process, out int errno))
            {
                _running = process;
                _runningRequest = request;
                _runningLogged = logged;
                return;
            }
            // The original logs this from the forked child; the daemon carries on either way.
            Counters.CountFailure(request.State);
            if (logged)
            {
                log.Error($"Unable to exec {string.Join(' ', argv)}: {Errno.Message(errno)}",
                    LogEvent.ScriptEnded(request.State, null));
            }
            Finished?.Invoke(request);
        }
    }

    private ScriptRequest EndRunning()
    {
        ScriptRequest request = _runningRequest!;
        _running!.Dispose();
        _running = null;
        _runningRequest = null;
        return request;
    }

    /// <summary>The UCARP_* variables of a transition's scripts (and of the health check).</summary>
    public static string[] Environment(CarpState state,
        CarpState previousState, byte vhid, TransitionReason reason) =>
    [
        "UCARP_STATE=" + Name(state),
        "UCARP_PREVIOUS_STATE=" + Name(previousState),
        "UCARP_VHID=" + vhid.ToString(CultureInfo.InvariantCulture),
        "UCARP_REASON=" + reason,
    ];

    private static string Name(CarpState state) => state.ToString().ToUpperInvariant();

    public void Dispose()
    {
        _running?.Dispose();
        _running = null;
    }
}
