using System.Diagnostics;
using Ucarp.Cli.CommandLine;
using Ucarp.Cli.Logging;
using Ucarp.Protocol.Engine;
using Ucarp.Protocol.Packets;

namespace Ucarp.Cli.Monitoring;

/// <summary>
/// Keeps --status-file and --metrics-file up to date from one snapshot. The event loop calls
/// <see cref="Publish"/> before each poll: both files are rewritten when the state, the effective
/// advskew, the master heard or a script count changed, on SIGUSR1, and otherwise when counters
/// moved and 15 s have passed. <see cref="TimeUntilRefresh"/> folds that last case into the loop's
/// timer, so an idle daemon wakes no more often than before.
/// </summary>
internal sealed class MonitorPublisher
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(15);

    private readonly UcarpOptions _options;
    private readonly string _typedInterface;
    private readonly List<MonitorFile> _files = [];
    private readonly DateTime _startedUtc = DateTime.UtcNow;

    private CarpEngine? _engine;
    private TransitionHistory? _history;
    private ScriptCounters? _scripts;
    private (CarpState State, byte AdvSkew, uint? Master, long Transitions, long Scripts) _written;
    private long _writtenCounters;
    private long _writtenAt;
    private bool _refreshRequested;

    public MonitorPublisher(UcarpOptions options, string typedInterface, Logger log)
    {
        _options = options;
        _typedInterface = typedInterface;
        if (options.StatusFile is { } status)
        {
            _files.Add(new MonitorFile("status", status, StatusJson.Format, log));
        }
        if (options.MetricsFile is { } metrics)
        {
            _files.Add(new MonitorFile("metrics", metrics, PrometheusText.Format, log));
        }
    }

    /// <summary>Writes the INIT snapshot before anything starts; false (error logged) when a file cannot be written.</summary>
    public bool TryStart()
    {
        InstanceSnapshot snapshot = Take(stopped: false);
        foreach (MonitorFile file in _files)
        {
            if (!file.TryWrite(snapshot, fatal: true))
            {
                return false;
            }
        }
        _writtenAt = Stopwatch.GetTimestamp();
        return true;
    }

    /// <summary>From here on the snapshot comes from the running engine.</summary>
    public void Attach(CarpEngine engine, TransitionHistory history, ScriptCounters scripts)
    {
        _engine = engine;
        _history = history;
        _scripts = scripts;
    }

    /// <summary>SIGUSR1: rewrite at the next <see cref="Publish"/>.</summary>
    public void RequestRefresh() => _refreshRequested = true;

    /// <summary>How long until counters that moved are due to be written; null when nothing waits.</summary>
    public TimeSpan? TimeUntilRefresh
    {
        get
        {
            if (CountersTotal() == _writtenCounters)
            {
                return null;
            }
            TimeSpan left = RefreshInterval - Stopwatch.GetElapsedTime(_writtenAt);
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    public void Publish()
    {
        if (_engine is null)
        {
            return;
        }
        bool due = _refreshRequested
            || Key() != _written
            || (CountersTotal() != _writtenCounters && Stopwatch.GetElapsedTime(_writtenAt) >= RefreshInterval);
        if (due)
        {
            Write(Take(stopped: false));
        }
    }

    /// <summary>A clean exit: the files say STOPPED.</summary>
    public void Stop() => Write(Take(stopped: true));

    private void Write(InstanceSnapshot snapshot)
    {
        foreach (MonitorFile file in _files)
        {
            _ = file.TryWrite(snapshot, fatal: false);
        }
        // Failed writes count as written too: retrying on every wake-up would only repeat the failure.
        _refreshRequested = false;
        _written = Key();
        _writtenCounters = CountersTotal();
        _writtenAt = Stopwatch.GetTimestamp();
    }

    private (CarpState, byte, uint?, long, long) Key() => _engine is null
        ? default
        : (_engine.State, _engine.EffectiveAdvSkew, _engine.HeardMaster, _history!.Count, _scripts!.Total);

    private long CountersTotal()
    {
        if (_engine is null)
        {
            return 0;
        }
        CarpStatistics s = _engine.Statistics;
        long total = s.AdvertisementsSent + s.AdvertisementsReceived + s.SendFailures + s.GratuitousArpsSent + s.BowOuts;
        foreach (DropReason reason in InstanceSnapshot.DropReasons)
        {
            total += s.Dropped(reason);
        }
        return total;
    }

    private InstanceSnapshot Take(bool stopped)
    {
        string source = _options.SourceAddress.ToString();
        CarpState state = _engine?.State ?? CarpState.Init;
        StateChange? last = _history?.Last;
        string? master = stopped ? null
            : state == CarpState.Master ? source
            : _engine?.HeardMaster is { } heard ? Ipv4.ToIPAddress(heard).ToString()
            : null;
        CarpStatistics? stats = _engine?.Statistics;
        var dropped = new long[Enum.GetValues<DropReason>().Length];
        foreach (DropReason reason in InstanceSnapshot.DropReasons)
        {
            dropped[(int)reason] = stats?.Dropped(reason) ?? 0;
        }
        return new InstanceSnapshot
        {
            Pid = Environment.ProcessId,
            Interface = _typedInterface,
            Vhid = _options.Vhid,
            Vip = _options.VirtualAddress.ToString(),
            Source = source,
            State = stopped ? InstanceSnapshot.Stopped : EventNames.State(state),
            PreviousState = stopped ? EventNames.State(state) : last is { } l ? EventNames.State(l.From) : null,
            SinceUtc = stopped ? DateTime.UtcNow : _history?.SinceUtc ?? _startedUtc,
            Reason = stopped ? nameof(TransitionReason.Shutdown) : last?.Reason.ToString(),
            AdvBase = _options.AdvBase,
            AdvSkew = _options.AdvSkew,
            EffectiveAdvSkew = _engine?.EffectiveAdvSkew ?? _options.AdvSkew,
            Preempt = _options.Preempt,
            Master = master,
            AdvertisementsSent = stats?.AdvertisementsSent ?? 0,
            AdvertisementsReceived = stats?.AdvertisementsReceived ?? 0,
            SendFailures = stats?.SendFailures ?? 0,
            GratuitousArps = stats?.GratuitousArpsSent ?? 0,
            BowOuts = stats?.BowOuts ?? 0,
            Transitions = _history?.Count ?? 0,
            TransitionsToMaster = _history?.To(CarpState.Master) ?? 0,
            TransitionsToBackup = _history?.To(CarpState.Backup) ?? 0,
            Dropped = dropped,
            UpScriptRuns = _scripts?.Runs(up: true) ?? 0,
            DownScriptRuns = _scripts?.Runs(up: false) ?? 0,
            UpScriptFailures = _scripts?.Failures(up: true) ?? 0,
            DownScriptFailures = _scripts?.Failures(up: false) ?? 0,
        };
    }
}
