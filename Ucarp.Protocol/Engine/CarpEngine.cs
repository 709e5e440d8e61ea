using Ucarp.Protocol.Packets;

namespace Ucarp.Protocol.Engine;

/// <summary>
/// ucarp 1.5.2's election for one virtual host, driven from outside: the host feeds it frames
/// (<see cref="OnFrame"/>), wakes it when <see cref="TimeUntilNextDeadline"/> has passed
/// (<see cref="OnTimer"/>) and reports link and signal events. It is single-threaded by design:
/// the host runs one event loop, so there is nothing to lock and nothing wakes without need.
/// Time comes only from the injected <see cref="TimeProvider"/>'s monotonic timestamps.
/// </summary>
public sealed partial class CarpEngine
{
    private readonly CarpConfig _config;
    private readonly TimeProvider _time;
    private readonly ICarpLink _link;
    private readonly ICarpEvents _events;
    private readonly Random _random;
    private readonly long _origin;
    private readonly CarpWire _wire;
    private readonly byte[] _advertFrame;
    private readonly byte[] _arpFrame;

    private TimeSpan? _advertDue;
    private TimeSpan? _masterDownDue;
    private TimeSpan? _holdUntil;
    private TimeSpan _stateSince;
    private readonly ReplayWindow _replays = new();
    private ulong _counter;
    private bool _counterStarted;
    private bool _skipCounter;
    private DelayedArp _delayedArp;
    private bool _linkUp = true;

    public CarpEngine(CarpConfig config, TimeProvider time, ICarpLink link, ICarpEvents events, Random random)
    {
        ArgumentNullException.ThrowIfNull(config);
        _config = config;
        _time = time;
        _link = link;
        _events = events;
        _random = random;
        _origin = time.GetTimestamp();
        _wire = CarpWire.For(config);
        _advertFrame = new byte[_wire.AdvertSize];
        _arpFrame = new byte[_wire.AnnouncementSize];
        _wire.WriteAnnouncement(_arpFrame);
    }

    public CarpState State { get; private set; } = CarpState.Init;

    public CarpStatistics Statistics { get; } = new();

    /// <summary>True while three or more consecutive sends have failed and advskew 240 is advertised (the send-error penalty).</summary>
    public bool SendErrorPenalty { get; private set; }

    /// <summary>False while the health check says the service is broken (see <see cref="SetHealth"/>).</summary>
    public bool Healthy { get; private set; } = true;

    /// <summary>
    /// The source of the master this backup currently hears; null while master, before the first
    /// advertisement, and after a transition or link loss until the next one arrives.
    /// </summary>
    public CarpAddress? HeardMaster { get; private set; }

    /// <summary>How long the engine has been in its current state.</summary>
    public TimeSpan TimeInState => Now - _stateSince;

    /// <summary>When <see cref="OnTimer"/> is next due, from now; null when nothing is scheduled.</summary>
    public TimeSpan? TimeUntilNextDeadline
    {
        get
        {
            TimeSpan? next = Deadlines.Earliest(Deadlines.Earliest(_advertDue, _masterDownDue), _holdUntil);
            if (next is null)
            {
                return null;
            }
            TimeSpan left = next.Value - Now;
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    private TimeSpan Now => _time.GetElapsedTime(_origin);

    /// <summary>INIT to BACKUP, with the down script unless neutral, and the master-down timer armed.</summary>
    public void Start()
    {
        SetState(CarpState.Backup, TransitionReason.Startup);
        ArmMasterDown();
    }

    /// <summary>Runs whatever is due: a master's advertisement or a backup's master-down timeout.</summary>
    public void OnTimer()
    {
        TimeSpan now = Now;
        if (_holdUntil <= now)
        {
            _holdUntil = null;
        }
        if (_masterDownDue <= now)
        {
            TakeOver(TransitionReason.MasterDown);
        }
        if (_advertDue is { } due && due <= now)
        {
            SendAdvertisement(due);
        }
    }

    /// <summary>
    /// With <see cref="CarpConfig.AnnounceAfterUpScript"/>, the host calls this when the up script
    /// has finished: the VIP is configured now, so announce it (a no-op unless still master).
    /// </summary>
    public void AnnounceVip()
    {
        if (State == CarpState.Master)
        {
            SendGratuitousArp();
        }
    }

    /// <summary>Carrier lost or back (not called with --ignoreifstate).</summary>
    public void OnLinkChanged(bool running)
    {
        if (!running && _linkUp)
        {
            _linkUp = false;
            SetState(CarpState.Backup, TransitionReason.LinkDown);
            _advertDue = null;
            _masterDownDue = null;
            _holdUntil = null;
        }
        else if (running && !_linkUp)
        {
            _linkUp = true;
            ArmMasterDown();
        }
    }

    /// <summary>SIGUSR2: a master bows out, becomes BACKUP and stays out of elections for <see cref="CarpConstants.StepDownHold"/>.</summary>
    public void StepDown()
    {
        if (State == CarpState.Backup)
        {
            return;
        }
        BowOutIfMaster();
        SetState(CarpState.Backup, TransitionReason.Demoted);
        _advertDue = null;
        _holdUntil = Now + CarpConstants.StepDownHold;
        _masterDownDue = _holdUntil + _config.MasterDownIntervalWith(HealthAdvSkew);
    }

    /// <summary>
    /// The health check's verdict. An unhealthy master bows out and goes to BACKUP, so any backup,
    /// ucarp 1.5.2 without --preempt included, takes over at once. While unhealthy the host
    /// advertises advskew + --check-demote (at most 240), never preempts, and takes over only when
    /// no master is heard for its demoted dead interval: a degraded master beats none. Healthy
    /// again, the usual rules apply (with --preempt it takes the VIP back).
    /// </summary>
    public void SetHealth(bool healthy)
    {
        if (healthy == Healthy)
        {
            return;
        }
        Healthy = healthy;
        if (healthy || State != CarpState.Master)
        {
            return;
        }
        BowOutIfMaster();
        SetState(CarpState.Backup, TransitionReason.Unhealthy);
        ArmMasterDown();
    }

    /// <summary>
    /// Leaving with --shutdown: a master bows out (when <paramref name="bowOut"/>) so backups take
    /// over at once, then goes to BACKUP, which runs the down script.
    /// </summary>
    public void Leave(bool bowOut)
    {
        if (bowOut)
        {
            BowOutIfMaster();
        }
        SetState(CarpState.Backup, TransitionReason.Shutdown);
        _advertDue = null;
        _masterDownDue = null;
        _holdUntil = null;
    }

    /// <summary>The advskew advertised now: the configured one, raised while unhealthy (--check-demote) or to 240 while sends fail.</summary>
    public byte EffectiveAdvSkew =>
        SendErrorPenalty && HealthAdvSkew < CarpConstants.PenaltyAdvSkew ? CarpConstants.PenaltyAdvSkew : HealthAdvSkew;

    private byte HealthAdvSkew => Healthy ? _config.AdvSkew : _config.UnhealthyAdvSkew;

    private void SetState(CarpState to, TransitionReason reason)
    {
        // Every caller (link loss, demotion, leaving, a takeover, yielding) makes the master heard unknown.
        HeardMaster = null;
        CarpState from = State;
        if (from == to)
        {
            return;
        }
        State = to;
        _stateSince = Now;
        if (to != CarpState.Master)
        {
            _delayedArp.Cancel();
        }
        Statistics.Transitions++;
        bool runScript = !(from == CarpState.Init && _config.Neutral);
        _events.StateChanged(new StateChange(from, to, reason, runScript));
    }

    private void ArmMasterDown() => ArmMasterDown(queuedFor: TimeSpan.Zero);

    /// <summary>
    /// The master-down timer, counted from when the master's advertisement arrived. At most half the
    /// interval is credited, so neither a backlog nor a wall clock stepped under the kernel's timestamp
    /// can make a master just heard count as dead at once.
    /// </summary>
    private void ArmMasterDown(TimeSpan queuedFor)
    {
        TimeSpan interval = _config.MasterDownIntervalWith(HealthAdvSkew);
        TimeSpan credited = TimeSpan.FromTicks(Math.Clamp(queuedFor.Ticks, 0, interval.Ticks / 2));
        _advertDue = null;
        _masterDownDue = Now - credited + interval;
    }

    /// <summary>
    /// BACKUP to MASTER (carp.c carp_master_down). The announcement order is decided here and
    /// nowhere else: without an up script the VIP is announced at once, before the takeover's
    /// advert, as ucarp 1.5.2's carp_set_state does; with one, after the script has ended (the host
    /// calls <see cref="AnnounceVip"/>), while the adverts go on meanwhile. The second gratuitous
    /// ARP follows two regular adverts later either way.
    /// </summary>
    private void TakeOver(TransitionReason reason)
    {
        if (State != CarpState.Backup)
        {
            _masterDownDue = null;
            return;
        }
        SetState(CarpState.Master, reason);
        _masterDownDue = null;
        // The old master may be sending its last counter + 1 at this very moment, as we would.
        _skipCounter = true;
        if (!_config.AnnounceAfterUpScript)
        {
            SendGratuitousArp();
        }
        SendAdvertisement();
        // carp.c: "Schedule a delayed ARP request to deal w/ some L3 switches".
        _delayedArp.Schedule(CarpConstants.DelayedArpAdverts);
    }

    private void BowOutIfMaster()
    {
        if (State != CarpState.Master)
        {
            return;
        }
        SendBowOut();
        Statistics.BowOuts++;
        _events.BowedOut();
    }

    private void SendGratuitousArp()
    {
        if (_link.Send(_arpFrame))
        {
            Statistics.GratuitousArpsSent++;
        }
    }
}
