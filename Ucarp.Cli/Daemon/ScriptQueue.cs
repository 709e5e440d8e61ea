using System.Globalization;
using Ucarp.Cli.Linux;
using Ucarp.Cli.Logging;
using Ucarp.Cli.Monitoring;
using Ucarp.Protocol;
using Ucarp.Protocol.Engine;

namespace Ucarp.Cli.Daemon;

/// <summary>
/// Runs up and down scripts one at a time, in transition order, without blocking the event
/// loop: the loop polls <see cref="ExitFd"/> and calls <see cref="OnExited"/>, and calls
/// <see cref="OnDeadline"/> once <see cref="TimeUntilDeadline"/> has passed. Arguments are
/// ucarp's: <c>interface-as-typed vip-as-typed [xparam]</c>, plus UCARP_* environment variables.
/// </summary>
/// <remarks>
/// A script may run for <c>timeout</c>; then its process group gets SIGTERM, and SIGKILL
/// <see cref="SupervisedProcess.KillGrace"/> later. So a newer transition's script never waits longer than that
/// behind a hung one. A script that outlives even SIGKILL (stuck in the kernel) is left behind
/// after another grace period, so that nothing waits for ever.
/// </remarks>
internal sealed class ScriptQueue(Logger log, string interfaceName, string vipText, string? xparam, byte vhid, TimeSpan timeout) : IDisposable
{
    private readonly Queue<ScriptRequest> _pending = new();

    /// <summary>What every script gets after its path: <c>interface vip [xparam]</c>.</summary>
    public IReadOnlyList<string> Arguments { get; } = xparam is null ? [interfaceName, vipText] : [interfaceName, vipText, xparam];
    private SupervisedProcess? _running;
    private ScriptRequest? _runningRequest;

    /// <summary>Raised when a script has ended (or failed to start), with the request it ran.</summary>
    public event Action<ScriptRequest>? Finished;

    /// <summary>The pidfd of the running script, or -1 when none runs.</summary>
    public int ExitFd => _running?.ExitFd ?? -1;

    public ScriptCounters Counters { get; } = new();

    public bool IsIdle => _running is null && _pending.Count == 0;

    public bool HasPending => _pending.Count > 0;

    /// <summary>When <see cref="OnDeadline"/> is next due, from now; null when no script runs.</summary>
    public TimeSpan? TimeUntilDeadline => _running?.TimeUntilDeadline;

    /// <summary>Queues a script; it starts at the next <see cref="StartPending"/>.</summary>
    public void Enqueue(ScriptRequest request) => _pending.Enqueue(request);

    /// <summary>The running script's pidfd became readable: reap it and start the next.</summary>
    public void OnExited()
    {
        if (_running is null || !_running.TryReap(out ProcessExit exit))
        {
            return;
        }
        TimeSpan took = _running.Elapsed;
        ScriptRequest done = EndRunning();
        string ms = DurationText.Milliseconds(took);
        string line = $"Script [{done.Path}] ended with {exit} after {ms} ms";
        if (exit.Succeeded)
        {
            log.Info(line, LogEvent.ScriptEnded(done.State, exit));
        }
        else
        {
            Counters.CountFailure(done.State);
            log.Warning(line, LogEvent.ScriptEnded(done.State, exit));
        }
        Finished?.Invoke(done);
        StartPending();
    }

    /// <summary>The running script's time is up: SIGTERM to its group, then SIGKILL, then stop waiting.</summary>
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
                log.Error($"Script [{path}] still running after SIGKILL: no longer waiting for it");
                ScriptRequest abandoned = EndRunning();
                Finished?.Invoke(abandoned);
                StartPending();
                break;
        }
    }

    /// <summary>
    /// Leaving: a running up script gets SIGTERM (SIGKILL follows at <see cref="OnDeadline"/>), a
    /// running down script may finish within its timeout, and queued scripts are dropped except a
    /// down script queued last (the latest transition's). True when a script was dropped or cut
    /// short, so the VIP may be configured whatever the state says.
    /// </summary>
    public bool StopAll()
    {
        bool cutShort = false;
        ScriptRequest? latest = null;
        while (_pending.TryDequeue(out ScriptRequest? request))
        {
            cutShort = true;
            latest = request;
        }
        if (latest is not null && !IsUp(latest))
        {
            _pending.Enqueue(latest);
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
        return cutShort;
    }

    private static bool IsUp(ScriptRequest request) => request.State == CarpState.Master;

    /// <summary>Starts the next queued script unless one is running.</summary>
    public void StartPending()
    {
        while (_running is null && _pending.TryDequeue(out ScriptRequest? request))
        {
            string[] argv = [request.Path, .. Arguments];
            log.Warning($"Spawning [{string.Join(' ', argv)}]");
            string[] environment = Environment(request.State, request.PreviousState, vhid, request.Reason);
            Counters.CountRun(request.State);
            if (SupervisedProcess.TryStart(request.Path, argv.AsSpan(1).ToArray(), environment, timeout, nullStdio: false, out SupervisedProcess? process, out int errno))
            {
                _running = process;
                _runningRequest = request;
                return;
            }
            // The original logs this from the forked child; the daemon carries on either way.
            Counters.CountFailure(request.State);
            log.Error($"Unable to exec {string.Join(' ', argv)}: {Errno.Message(errno)}",
                LogEvent.ScriptEnded(request.State, null));
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
