namespace Ucarp.Protocol.Observe;

/// <summary>
/// Passive CARP/VRRP observer: decodes every protocol-112 frame it is given (IPv4 and IPv6), keeps one
/// record per advertiser, checks digests and raises alarms (each once when it starts, once when it clears).
/// Synchronous, one thread: <see cref="OnFrame"/> for each frame and <see cref="OnTimer"/> a few
/// times a second so silence is noticed. Nothing is allocated per packet once an advertiser is known.
/// </summary>
public sealed partial class SegmentObserver(ObserverConfig config, TimeProvider time, IObserverEvents events)
{
    private readonly Dictionary<AdvertiserKey, Advertiser> _advertisers = [];
    private readonly Dictionary<VhidGroup, List<Advertiser>> _byGroup = [];

    public FrameCounts Frames { get; } = new();

    /// <summary>Every advertiser seen, in order of first appearance.</summary>
    public IReadOnlyCollection<Advertiser> Advertisers => _advertisers.Values;

    /// <summary>Every advertiser by vhid, then family (IPv4 first), then source address, then first appearance (for summaries).</summary>
    public Advertiser[] AdvertisersByVhidAndSource()
    {
        var sorted = new Advertiser[_advertisers.Count];
        _advertisers.Values.CopyTo(sorted, 0);
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
        bool isNew = !_advertisers.TryGetValue(key, out Advertiser? advertiser);
        if (isNew)
        {
            if (_advertisers.Count >= config.MaxAdvertisers)
            {
                Frames.Untracked++;
                return;
            }
            advertiser = new Advertiser(advert.Kind, advert.Source, advert.Vhid) { State = AdvertiserState.Silent };
            _advertisers.Add(key, advertiser);
            var group = new VhidGroup(advert.Vhid, advert.Source.IsIpv6);
            if (!_byGroup.TryGetValue(group, out List<Advertiser>? list))
            {
                _byGroup.Add(group, list = []);
            }
            list.Add(advertiser);
        }
        long now = time.GetTimestamp();
        bool changed = Update(advertiser!, advert, frame.Slice(advert.PayloadOffset), now);
        if (isNew || changed)
        {
            events.AdvertiserChanged(advertiser!, isNew);
        }
        CheckAdvertiser(advertiser!, now);
        CheckGroup(new VhidGroup(advert.Vhid, advert.Source.IsIpv6), now);
    }

    /// <summary>Notices advertisers gone silent and clears the alarms that ended with them.</summary>
    public void OnTimer()
    {
        long now = time.GetTimestamp();
        foreach ((VhidGroup group, List<Advertiser> list) in _byGroup)
        {
            foreach (Advertiser advertiser in list)
            {
                if (advertiser.State != AdvertiserState.Silent && time.GetElapsedTime(advertiser.LastSeen, now) > advertiser.Expiry)
                {
                    advertiser.State = AdvertiserState.Silent;
                    events.AdvertiserChanged(advertiser, isNew: false);
                }
                CheckAdvertiser(advertiser, now);
            }
            CheckGroup(group, now);
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
