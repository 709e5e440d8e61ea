using Ucarp.Cli.CommandLine;
using Ucarp.Cli.Logging;
using Ucarp.Cli.Monitoring;
using Ucarp.Protocol.Engine;
using Ucarp.Protocol.Packets;

namespace Ucarp.Cli.Daemon;

/// <summary>
/// One virtual host: its engine and everything that acts on the engine's notifications (log text,
/// scripts, health check, status and metrics files). The host's loop owns the descriptors it shares
/// with other instances and hands each wake-up to <see cref="OnFrame"/>, <see cref="OnTimer"/> and
/// the others; the instance asks the engine for what follows (the VIP's announcement once the up
/// script has ended), so control runs one way: loop → instance → engine → notifications.
/// </summary>
internal sealed class VipInstance : ICarpEvents, IDisposable
{
    private readonly UcarpOptions _options;
    private readonly Logger _log;
    private readonly EngineLog _engineLog;
    private readonly ScriptPolicy _scriptPolicy;
    private readonly ScriptQueue _scripts;
    private readonly HealthCheck? _check;
    private readonly MonitorPublisher? _monitor;
    private readonly TransitionHistory _history = new(DateTime.UtcNow);

    /// <summary>A takeover, recorded, logged and given its up script once its first advertisement has left.</summary>
    private StateChange? _deferredTransition;

    /// <param name="monitor">Already started: its first snapshot was written before anything was opened.</param>
    public VipInstance(UcarpOptions options, CarpConfig config, ICarpLink link, Logger log, MonitorPublisher? monitor)
    {
        _options = options;
        _log = log;
        _monitor = monitor;
        _engineLog = new EngineLog(log, new PacketWarningLimiter(TimeProvider.System, Enum.GetValues<DropReason>().Length),
            new BurstLogLimiter(TimeProvider.System));
        _scriptPolicy = new ScriptPolicy(options.UpScript, options.DownScript);
        _scripts = new ScriptQueue(log, options.TypedInterface, options.VirtualAddressText, options.XParam, options.Vhid, options.ScriptTimeout);
        _scripts.Finished += OnScriptFinished;
        Engine = new CarpEngine(config, TimeProvider.System, link, this, Random.Shared);
        if (options.HealthCheck is { } check)
        {
            _check = new HealthCheck(log, check, _scripts.Arguments, nullStdio: !options.Debug,
                () => _history.Last ?? default, options.Vhid, config.UnhealthyAdvSkew);
            _check.VerdictChanged += Engine.SetHealth;
        }
        _monitor?.Attach(Engine, _history, _scripts.Counters, _check?.Tracker, _check is null ? null : () => _check.Stuck);
    }

    public CarpEngine Engine { get; }

    public UcarpOptions Options => _options;

    /// <summary>This instance's logger (with --instances, its lines name it).</summary>
    public Logger Log => _log;

    /// <summary>No script runs or waits: leaving is done.</summary>
    public bool ScriptsIdle => _scripts.IsIdle;

    /// <summary>When the running script's timeout is next due; null when none runs.</summary>
    public TimeSpan? ScriptDeadline => _scripts.TimeUntilDeadline;

    /// <summary>The running script's pidfd, or -1 (which poll ignores).</summary>
    public int ScriptExitFd => _scripts.ExitFd;

    /// <summary>The running health check's pidfd, or -1.</summary>
    public int CheckExitFd => _check?.ExitFd ?? -1;

    /// <summary>
    /// The engine's, a script's or the health check's next deadline; the metrics refresh only when the
    /// engine has none. A running engine wakes at least every advbase (or hears a frame), and the
    /// refresh rides on that wake-up instead of adding one of its own.
    /// </summary>
    public TimeSpan? TimeUntilDeadline =>
        Deadlines.Earliest(Deadlines.Earliest(Engine.TimeUntilNextDeadline ?? _monitor?.TimeUntilRefresh, _scripts.TimeUntilDeadline), _check?.TimeUntilDeadline);

    /// <summary>INIT to BACKUP; an interface without carrier is waited for, unless its state is ignored.</summary>
    public void Start(bool running)
    {
        Engine.Start();
        if (!running && !_options.IgnoreIfState)
        {
            // ucarp 1.5.2 exits 2 ("That device is not up"); waiting suits boot ordering better, but say so.
            _log.Warning($"Interface [{_options.TypedInterface}] is down: waiting for carrier");
            Engine.OnLinkChanged(false);
        }
    }

    /// <summary>Before the loop sleeps: queued scripts start (a takeover's up script after its first advert) and the files are rewritten if due.</summary>
    public void BeforeSleep()
    {
        FinishDeferredTransition();
        _scripts.StartPending();
        _monitor?.Publish();
    }

    /// <param name="queuedFor">How long the frame waited in the kernel's queue (<see cref="CarpEngine.OnFrame"/>).</param>
    public void OnFrame(ReadOnlySpan<byte> frame, TimeSpan queuedFor)
    {
        Engine.OnFrame(frame, queuedFor);
        FinishDeferredTransition();
    }

    public void OnScriptExited() => _scripts.OnExited();

    public void OnCheckExited() => _check?.OnExited();

    /// <summary>Whatever is due: a script's or the check's timeout, then the engine's timers.</summary>
    public void OnTimer()
    {
        _scripts.OnDeadline();
        _check?.OnDeadline();
        Engine.OnTimer();
        FinishDeferredTransition();
        _engineLog.SummarizeTransitions(Engine.State);
    }

    /// <summary>
    /// A takeover's bookkeeping (history, log line, up script) waits until the engine call that took over
    /// returns: it costs tens of microseconds, more when it is the first in the process, and the
    /// advertisement goes first. Every other event of this instance (the engine's, the link's warnings)
    /// finishes it first, so the order of lines and scripts stays ucarp's; the up script starts before
    /// the loop sleeps either way.
    /// </summary>
    public void FinishDeferredTransition()
    {
        if (_deferredTransition is StateChange change)
        {
            _deferredTransition = null;
            Record(change);
        }
    }

    public void OnLinkChanged(bool running)
    {
        if (!_options.IgnoreIfState)
        {
            Engine.OnLinkChanged(running);
        }
    }

    /// <summary>SIGUSR1: the original's status line, our counters, the health, and a fresh snapshot.</summary>
    public void ReportStatus()
    {
        _log.Info(StatusReport.StatusLine(Engine.State, _options.TypedInterface, _options.Vhid));
        _log.Info(StatusReport.CountersLine(Engine));
        if (_check is not null)
        {
            _log.Info(StatusReport.HealthLine(_check.Tracker, Engine));
        }
        _monitor?.RequestRefresh();
    }

    /// <summary>SIGUSR2.</summary>
    public void StepDown()
    {
        _log.Debug("Caught signal (USR2) considering going down");
        Engine.StepDown();
    }

    /// <summary>
    /// Starts leaving as a master leaving: an up script still running is stopped, queued up scripts
    /// are dropped, the engine goes to BACKUP (queueing the down script of a master), and the down
    /// script runs last whenever the VIP may still be configured. The host then waits until
    /// <see cref="ScriptsIdle"/>, calling <see cref="OnScriptExited"/> and <see cref="OnScriptDeadline"/>;
    /// every step is bounded by the script timeout, and instances leave side by side.
    /// </summary>
    public void Leave(bool bowOut)
    {
        bool cutShort = _scripts.StopAll();
        Engine.Leave(bowOut);
        if (_scriptPolicy.ForLeaving(cutShort, _scripts.HasPending, Engine.State) is { } downScript)
        {
            _scripts.Enqueue(downScript);
        }
        _scripts.StartPending();
    }

    /// <summary>Leaving: only the scripts' timeouts are still due.</summary>
    public void OnScriptDeadline() => _scripts.OnDeadline();

    /// <summary>The last snapshot, saying the daemon has stopped.</summary>
    public void Stopped() => _monitor?.Stop();

    /// <summary>An up script has ended (or could not start): the VIP is configured, so the engine announces it.</summary>
    private void OnScriptFinished(ScriptRequest request)
    {
        if (request.State == CarpState.Master)
        {
            Engine.AnnounceVip();
        }
    }

    void ICarpEvents.StateChanged(StateChange change)
    {
        FinishDeferredTransition();
        if (change.To == CarpState.Master)
        {
            _deferredTransition = change;
        }
        else
        {
            Record(change);
        }
    }

    private void Record(StateChange change)
    {
        _history.Record(change, DateTime.UtcNow);
        _engineLog.Transition(change);
        if (_scriptPolicy.For(change) is { } script)
        {
            _scripts.Enqueue(script);
        }
    }

    void ICarpEvents.AdvertisementDropped(in ReceivedAdvertisement advertisement)
    {
        FinishDeferredTransition();
        _engineLog.Dropped(advertisement);
    }

    void ICarpEvents.ReassertingMaster(CarpAddress otherSource)
    {
        FinishDeferredTransition();
        _engineLog.ReassertingMaster();
    }

    void ICarpEvents.SendFailed(int consecutiveFailures, bool penalized)
    {
        FinishDeferredTransition();
        _engineLog.SendFailed(consecutiveFailures);
    }

    void ICarpEvents.SendRecovered()
    {
        FinishDeferredTransition();
        _engineLog.SendRecovered();
    }

    void ICarpEvents.BowedOut()
    {
        FinishDeferredTransition();
        _engineLog.BowedOut();
    }

    public void Dispose()
    {
        _check?.Dispose();
        _scripts.Dispose();
    }
}
