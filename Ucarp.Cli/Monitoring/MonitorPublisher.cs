using Ucarp.Cli.CommandLine;
using Ucarp.Cli.Logging;
using Ucarp.Protocol.Engine;
using Ucarp.Protocol.Packets;

namespace Ucarp.Cli.Monitoring;

/// <summary>
/// Keeps --status-file and --metrics-file up to date from one snapshot. The event loop calls
/// <see cref="Publish"/> before each poll: both files are rewritten (and fsynced) when the state,
/// the effective advskew, the master heard or a script count changed, and on SIGUSR1. Otherwise
/// both are refreshed when counters moved and 15 s have passed, at the first wake-up the daemon has
/// anyway (<see cref="TimeUntilRefresh"/> matters only when the engine has no deadline). That refresh
/// is not fsynced: it recurs forever on an idle host, an fsync costs several context switches, and a
/// crash loses nothing the next refresh would not rewrite; the rename still keeps it whole for readers.
/// The loop only takes the snapshot: the <see cref="MonitorWriter"/> thread formats and writes it.
/// </summary>
internal sealed class MonitorPublisher
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(15);

    private readonly UcarpOptions _options;
    private readonly string _typedInterface;
    private readonly MonitorFile? _status;
    private readonly MonitorFile? _metrics;
    private readonly DateTime _startedUtc = DateTime.UtcNow;
    private readonly TimeProvider _time;
    private readonly MonitorWriter _writer;

    private CarpEngine? _engine;
    private TransitionHistory? _history;
    private ScriptCounters? _scripts;
    private HealthTracker? _health;
    private Func<bool>? _checkStuck;
    private (CarpState State, byte AdvSkew, CarpAddress? Master, long Transitions, long Scripts, bool Healthy) _written;
    private long _writtenCounters;
    private long _writtenAt;
    private bool _refreshRequested;

    /// <param name="writer">Writes the files after start-up; the publisher adds its files to it.</param>
    public MonitorPublisher(UcarpOptions options, string typedInterface, Logger log, TimeProvider time, MonitorWriter writer)
    {
        _writer = writer;
        _options = options;
        _time = time;
        _typedInterface = typedInterface;
        if (options.StatusFile is { } status)
        {
            _status = new MonitorFile("status", status, StatusJson.Format, log, time);
            writer.Add(_status.Outbox);
        }
        if (options.MetricsFile is { } metrics)
        {
            _metrics = new MonitorFile("metrics", metrics, PrometheusText.Format, log, time);
            writer.Add(_metrics.Outbox);
        }
    }

    /// <summary>Writes the INIT snapshot before anything starts; false (error logged) when a file cannot be written.</summary>
    public bool TryStart()
    {
        InstanceSnapshot snapshot = Take(stopped: false);
        if (_status?.TryWriteNow(snapshot) == false || _metrics?.TryWriteNow(snapshot) == false)
        {
            return false;
        }
        _writtenAt = _time.GetTimestamp();
        return true;
    }

    /// <summary>From here on the snapshot comes from the running engine (and the health check's results, with --check).</summary>
    public void Attach(CarpEngine engine, TransitionHistory history, ScriptCounters scripts, HealthTracker? health = null, Func<bool>? checkStuck = null)
    {
        _checkStuck = checkStuck;
        _engine = engine;
        _history = history;
        _scripts = scripts;
        _health = health;
    }

    /// <summary>SIGUSR1: rewrite at the next <see cref="Publish"/>.</summary>
    public void RequestRefresh() => _refreshRequested = true;

    /// <summary>How long until counters that moved are due in the files; null when nothing waits.</summary>
    public TimeSpan? TimeUntilRefresh
    {
        get
        {
            if (CountersTotal() == _writtenCounters)
            {
                return null;
            }
            TimeSpan left = RefreshInterval - _time.GetElapsedTime(_writtenAt);
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    public void Publish()
    {
        if (_engine is null)
        {
            return;
        }
        _status?.Report();
        _metrics?.Report();
        if (_refreshRequested || Key() != _written)
        {
            Write(Take(stopped: false), durable: true);
        }
        else if (TimeUntilRefresh == TimeSpan.Zero)
        {
            Write(Take(stopped: false), durable: false);
        }
    }

    /// <summary>A clean exit: the files say STOPPED (written when the writer is disposed).</summary>
    public void Stop() => Write(Take(stopped: true), durable: true);

    private void Write(InstanceSnapshot snapshot, bool durable)
    {
        _status?.Outbox.Offer(snapshot, durable);
        _metrics?.Outbox.Offer(snapshot, durable);
        _writer.Wake();
        _refreshRequested = false;
        _written = Key();
        _writtenCounters = CountersTotal();
        _writtenAt = _time.GetTimestamp();
    }

    private (CarpState, byte, CarpAddress?, long, long, bool) Key() => _engine is null
        ? default
        : (_engine.State, _engine.EffectiveAdvSkew, _engine.HeardMaster, _history!.Count, _scripts!.Total, _engine.Healthy);

    private long CountersTotal()
    {
        if (_engine is null)
        {
            return 0;
        }
        CarpStatistics s = _engine.Statistics;
        long total = s.AdvertisementsSent + s.AdvertisementsReceived + s.SendFailures + s.GratuitousArpsSent + s.BowOuts;
        if (_health is not null)
        {
            total += _health.TotalRuns;
        }
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
            : _engine?.HeardMaster is { } heard ? heard.ToString()
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
            SinceEpoch = (stopped ? DateTime.UtcNow : _history?.SinceUtc ?? _startedUtc) - DateTime.UnixEpoch,
            WrittenAtEpoch = TimeSpan.FromTicks(_time.GetUtcNow().UtcTicks - DateTime.UnixEpoch.Ticks),
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
            TransitionsToMaster = _history?.To(CarpState.Master) ?? 0,
            TransitionsToBackup = _history?.To(CarpState.Backup) ?? 0,
            Dropped = dropped,
            Health = _health is null ? null : new HealthSnapshot(_engine?.Healthy ?? true, _health.ConsecutiveFailures, HealthRuns(_health), _checkStuck?.Invoke() ?? false),
            UpScriptRuns = _scripts?.Runs(up: true) ?? 0,
            DownScriptRuns = _scripts?.Runs(up: false) ?? 0,
            UpScriptFailures = _scripts?.Failures(up: true) ?? 0,
            DownScriptFailures = _scripts?.Failures(up: false) ?? 0,
        };
    }

    // Runs indexed by CheckResult, as HealthSnapshot.Runs is.
    private static long[] HealthRuns(HealthTracker health)
    {
        var runs = new long[HealthSnapshot.Results.Count];
        for (int i = 0; i < runs.Length; i++)
        {
            runs[i] = health.Runs(HealthSnapshot.Results[i]);
        }
        return runs;
    }
}
