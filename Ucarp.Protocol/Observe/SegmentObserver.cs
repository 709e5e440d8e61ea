namespace Ucarp.Protocol.Observe;

/// <summary>
/// Passive CARP/VRRP observer: decodes every protocol-112 frame it is given (IPv4 and IPv6), keeps one
/// record per advertiser, checks digests and raises alarms (each once when it starts, once when it clears).
/// Synchronous, one thread: <see cref="OnFrame"/> for each frame and <see cref="OnTimer"/> a few
/// times a second so silence is noticed. Nothing is allocated per packet once an advertiser is known.
/// Built for a hostile segment: the table is bounded (<see cref="ObserverConfig.MaxAdvertisers"/>, least
/// recently heard evicted), a frame costs the same however many advertisers there are, digest
/// searches and advertiser lines each have a budget, and overflowing either is itself an alarm.
/// </summary>
public sealed partial class SegmentObserver(ObserverConfig config, TimeProvider time, IObserverEvents events)
{
    private readonly AdvertiserTable _table = new(config.MaxAdvertisers);
    private readonly Dictionary<VhidGroup, GroupState> _groups = [];
    private readonly TokenBucket _lines = new(config.LinesPerSecond, config.LineBurst, time);

    public FrameCounts Frames { get; } = new();

    /// <summary>Every advertiser tracked (at most <see cref="ObserverConfig.MaxAdvertisers"/>), in order of first appearance until one is evicted.</summary>
    public IReadOnlyCollection<Advertiser> Advertisers => _table.All;

    /// <summary>Every advertiser by vhid, then family (IPv4 first), then source address, then first appearance (for summaries).</summary>
    public Advertiser[] AdvertisersByVhidAndSource()
    {
        // CopyTo, not a spread: [.. collection] compiles LINQ's ToArray into the binary.
        var sorted = new Advertiser[_table.All.Count];
        _table.All.CopyTo(sorted, 0);
        // Insertion sort: stable, so ties keep their order of appearance; a segment has few advertisers.
        for (int i = 1; i < sorted.Length; i++)
        {
            Advertiser a = sorted[i];
            int j = i - 1;
            for (; j >= 0 && (sorted[j].Vhid, sorted[j].IsIpv6, sorted[j].Source.Value).CompareTo((a.Vhid, a.IsIpv6, a.Source.Value)) > 0; j--)
            {
                sorted[j + 1] = sorted[j];
            }
            sorted[j + 1] = a;
        }
        return sorted;
    }

    /// <summary>Decodes one frame and updates its advertiser and the alarms, in time independent of how many advertisers there are.</summary>
    public void OnFrame(ReadOnlySpan<byte> frame)
    {
        ObservedFrame advert = ObservedFrame.Read(frame);
        Frames.Count(advert.Kind);
        if (!advert.IsAdvertisement)
        {
            return;
        }
        if (config.Vhid != 0 && advert.Vhid != config.Vhid)
        {
            Frames.OtherVhid++;
            return;
        }
        if (!advert.ChecksumOk)
        {
            Frames.BadChecksum++;
            return;
        }
        var key = new AdvertiserKey(advert.Source, advert.Vhid, advert.Kind != FrameKind.Carp);
        long now = time.GetTimestamp();
        bool isNew = !_table.TryHeard(key, out Advertiser? advertiser);
        if (isNew)
        {
            if (_table.IsFull)
            {
                Frames.Evicting++;
                Evict(_table.RemoveOldest(), now);
            }
            advertiser = new Advertiser(advert.Kind, advert.Source, advert.Vhid, Group(new VhidGroup(advert.Vhid, advert.Source.IsIpv6)))
            {
                State = AdvertiserState.Silent,
            };
            _table.Add(advertiser);
            advertiser.Group.Join(advertiser);
        }
        GroupState group = advertiser!.Group;
        group.Count(advertiser, -1);
        bool changed = Update(advertiser, advert, frame.Slice(advert.PayloadOffset), now);
        group.Count(advertiser, +1);
        if (isNew || changed)
        {
            Report(advertiser, isNew, now);
        }
        CheckAdvertiser(advertiser, now);
        CheckGroup(group, advertiser);
    }

    /// <summary>
    /// Notices advertisers gone silent, clears the alarms that ended with them, and runs digest
    /// searches waiting for the budget. Walks every advertiser: a few times a second, not per frame.
    /// </summary>
    public void OnTimer()
    {
        long now = time.GetTimestamp();
        config.Discovery?.RunWaiting();
        foreach (GroupState group in _groups.Values)
        {
            foreach (Advertiser advertiser in group.Members)
            {
                if (advertiser.State != AdvertiserState.Silent && time.GetElapsedTime(advertiser.LastSeen, now) > advertiser.Expiry)
                {
                    group.Count(advertiser, -1);
                    advertiser.State = AdvertiserState.Silent;
                    Report(advertiser, isNew: false, now);
                }
                CheckAdvertiser(advertiser, now);
            }
            FindNewestMasters(group);
            CheckGroup(group, heard: null);
        }
        CheckFloods(now);
    }

    private GroupState Group(VhidGroup key)
    {
        if (!_groups.TryGetValue(key, out GroupState? group))
        {
            _groups.Add(key, group = new GroupState(key));
        }
        return group;
    }

    // Makes room for a new source: what the least recently heard advertiser counted for goes with it.
    private void Evict(Advertiser advertiser, long now)
    {
        advertiser.Group.Count(advertiser, -1);
        advertiser.Group.Leave(advertiser);
        if (!advertiser.IsVrrp)
        {
            config.Discovery?.Forget(advertiser.Source, advertiser.Vhid);
        }
        ForgetAlarms(advertiser, now);
        NoteEviction(now);
    }

    // An advertiser line, within the line budget; beyond it the line is only counted.
    private void Report(Advertiser advertiser, bool isNew, long now)
    {
        if (_lines.TryTake(now))
        {
            events.AdvertiserChanged(advertiser, isNew);
        }
        else
        {
            Suppress(now);
        }
    }

    // Takes the advert into the record; true when something worth an event changed.
    private bool Update(Advertiser advertiser, in ObservedFrame advert, ReadOnlySpan<byte> payload, long now)
    {
        bool restarted = advertiser.State != AdvertiserState.Master;
        AdvertiserState state = advert.IsBowOut ? AdvertiserState.Leaving : AdvertiserState.Master;
        if (restarted && state == AdvertiserState.Master)
        {
            advertiser.ActiveSince = now;
        }
        if (advert.Kind == FrameKind.Carp)
        {
            CheckCounter(advertiser, advert.Counter, restarted, now);
        }
        DigestCheck digest = advert.Kind == FrameKind.Carp && config.Discovery is { } discovery
            ? discovery.Check(advert.Source, payload)
            : default;
        bool changed = advertiser.Adverts > 0 && (advertiser.Protocol != advert.Kind || advertiser.Mac != advert.SourceMac
            || advertiser.AdvBase != advert.AdvBase || advertiser.AdvSkew != advert.AdvSkew || advertiser.Priority != advert.Priority
            || advertiser.Ttl != advert.Ttl || advertiser.Destination != advert.DestinationKind
            || advertiser.Digest != digest.Status || advertiser.VirtualAddress != digest.VirtualAddress || advertiser.State != state);
        advertiser.Protocol = advert.Kind;
        advertiser.Mac = advert.SourceMac;
        advertiser.AdvBase = advert.AdvBase;
        advertiser.AdvSkew = advert.AdvSkew;
        advertiser.Priority = advert.Priority;
        advertiser.Interval = advert.Interval;
        advertiser.Ttl = advert.Ttl;
        advertiser.Destination = advert.DestinationKind;
        advertiser.Counter = advert.Counter;
        advertiser.Digest = digest.Status;
        advertiser.VirtualAddress = digest.VirtualAddress;
        advertiser.State = state;
        if (advertiser.Adverts++ == 0)
        {
            advertiser.FirstSeen = now;
        }
        advertiser.LastSeen = now;
        return changed;
    }

    private static void CheckCounter(Advertiser advertiser, ulong counter, bool restarted, long now)
    {
        ulong last = advertiser.Counter;
        bool fresh = advertiser.Adverts == 0 || restarted;   // a restarted ucarp draws a new random counter
        bool replay = !fresh && ((counter == last && advertiser.CounterMoved) || (counter < last && advertiser.CounterSequential));
        advertiser.CounterMoved = !fresh && counter != last;
        advertiser.CounterSequential = !fresh && counter == unchecked(last + 1);
        if (replay)
        {
            advertiser.ReplaySeen = true;
            advertiser.LastReplay = now;
            advertiser.ReplayedCounter = counter;
            advertiser.CounterBeforeReplay = advertiser.Counter;
        }
    }
}
