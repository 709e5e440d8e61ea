using System.Diagnostics;
using System.Globalization;
using Ucarp.Cli.Linux;
using Ucarp.Cli.Logging;

namespace Ucarp.Cli.Daemon;

/// <summary>
/// Runs up and down scripts one at a time, in transition order, without blocking the event
/// loop: the loop polls <see cref="ExitFd"/> and calls <see cref="OnExited"/>. Arguments are
/// ucarp's: <c>interface-as-typed vip-as-typed [xparam]</c>, plus UCARP_* environment variables.
/// </summary>
internal sealed class ScriptQueue(Logger log, string interfaceName, string vipText, string? xparam, byte vhid) : IDisposable
{
    private readonly Queue<ScriptRequest> _pending = new();
    private ScriptProcess? _running;
    private ScriptRequest? _runningRequest;
    private long _startedAt;

    /// <summary>Raised when a script has ended (or failed to start), with the request it ran.</summary>
    public event Action<ScriptRequest>? Finished;

    /// <summary>The pidfd of the running script, or -1 when none runs.</summary>
    public int ExitFd => _running?.ExitFd ?? -1;

    public bool IsIdle => _running is null && _pending.Count == 0;

    /// <summary>Queues a script; it starts at the next <see cref="StartPending"/>.</summary>
    public void Enqueue(ScriptRequest request) => _pending.Enqueue(request);

    /// <summary>The running script's pidfd became readable: reap it and start the next.</summary>
    public void OnExited()
    {
        if (_running is null || !_running.TryReap(out ProcessExit exit))
        {
            return;
        }
        TimeSpan took = Stopwatch.GetElapsedTime(_startedAt);
        ScriptRequest done = _runningRequest!;
        _running.Dispose();
        _running = null;
        _runningRequest = null;
        string ms = took.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture);
        if (exit.Succeeded)
        {
            log.Info($"Script [{done.Path}] ended with {exit} after {ms} ms");
        }
        else
        {
            log.Warning($"Script [{done.Path}] ended with {exit} after {ms} ms");
        }
        Finished?.Invoke(done);
        StartPending();
    }

    /// <summary>Starts the next queued script unless one is running.</summary>
    public void StartPending()
    {
        while (_running is null && _pending.TryDequeue(out ScriptRequest? request))
        {
            string[] argv = xparam is null ? [request.Path, interfaceName, vipText] : [request.Path, interfaceName, vipText, xparam];
            log.Warning($"Spawning [{string.Join(' ', argv)}]");
            string[] environment =
            [
                "UCARP_STATE=" + Name(request.State),
                "UCARP_PREVIOUS_STATE=" + Name(request.PreviousState),
                "UCARP_VHID=" + vhid.ToString(CultureInfo.InvariantCulture),
                "UCARP_REASON=" + request.Reason,
            ];
            if (ScriptProcess.TryStart(request.Path, argv[1..], environment, out ScriptProcess? process, out int errno))
            {
                _running = process;
                _runningRequest = request;
                _startedAt = Stopwatch.GetTimestamp();
                return;
            }
            // The original logs this from the forked child; the daemon carries on either way.
            log.Error($"Unable to exec {string.Join(' ', argv)}: {new System.ComponentModel.Win32Exception(errno).Message}");
            Finished?.Invoke(request);
        }
    }

    private static string Name(Ucarp.Protocol.Engine.CarpState state) => state.ToString().ToUpperInvariant();

    public void Dispose()
    {
        _running?.Dispose();
        _running = null;
    }
}
