using System.Globalization;
using Ucarp.Protocol.Packets;

namespace Ucarp.Protocol.Observe;

public sealed partial class SegmentObserver
{
    // Sources and verdicts an alarm lists: beyond these, a count ("and 3 more").
    private const int MaxListed = 16;

    private readonly Dictionary<AlarmKey, ObserverAlarm> _alarms = [];
    private readonly FloodTally _evictions = new(AlarmKind.TableFull);
    private readonly FloodTally _suppressed = new(AlarmKind.LineFlood);

    /// <summary>Alarms raised so far (cleared ones included): the exit status depends on it.</summary>
    public int AlarmsRaised { get; private set; }

    /// <summary>Advertiser lines not printed because of <see cref="ObserverConfig.LinesPerSecond"/>.</summary>
    public long LinesSuppressed { get; private set; }

    // Alarms about one advertiser: its TTL and its counter. Texts are built only when an alarm changes,
    // so the packet path allocates nothing.
    private void CheckAdvertiser(Advertiser a, long now)
    {
        bool present = a.State != AdvertiserState.Silent;
        var ttl = new AlarmKey(AlarmKind.BadTtl, a.Group.Key, a.Source);
        bool badTtl = present && a.Ttl != CarpConstants.Ttl;
        if (Changes(ttl, badTtl))
        {
            Toggle(ttl, [a.Source], badTtl
                ? Text($"{a.Source} advertises vhid {a.Vhid} with {TtlName(a)} {a.Ttl}, not 255: a router or a tunnel in between")
                : present ? Text($"{a.Source} advertises with {TtlName(a)} 255 again") : Text($"{a.Source} went silent"), limitedAt: now);
        }

        var replay = new AlarmKey(AlarmKind.CounterReplay, a.Group.Key, a.Source);
        bool replaying = present && a.ReplaySeen && time.GetElapsedTime(a.LastReplay, now) <= a.Expiry;
        if (Changes(replay, replaying))
        {
            Toggle(replay, [a.Source], replaying
                ? Text($"{a.Source} vhid {a.Vhid}: counter {a.ReplayedCounter:x16} after {a.CounterBeforeReplay:x16} (replayed or forged advertisements)")
                : Text($"{a.Source} vhid {a.Vhid}: no repeated counter for three intervals"), limitedAt: now);
        }
    }

    // An evicted advertiser's own alarms end with it: nothing is tracked to clear them later.
    private void ForgetAlarms(Advertiser a, long now)
    {
        foreach (AlarmKind kind in (ReadOnlySpan<AlarmKind>)[AlarmKind.BadTtl, AlarmKind.CounterReplay])
        {
            var key = new AlarmKey(kind, a.Group.Key, a.Source);
            if (_alarms.ContainsKey(key))
            {
                Toggle(key, [], Text($"{a.Source} evicted from the advertiser table"), limitedAt: now);
            }
        }
    }

    // Alarms about a vhid in one family, from the group's running totals: after a frame of
    // heard, or on the timer (heard null). Alarms are raised at once but cleared only on the
    // timer, so evictions under a flood cannot make them flap per frame.
    private void CheckGroup(GroupState group, Advertiser? heard)
    {
        byte vhid = group.Key.Vhid;
        bool onTimer = heard is null;
        CheckTwoMasters(group, heard);

        var mismatch = new AlarmKey(AlarmKind.DigestMismatch, group.Key, default);
        bool digestsDiffer = group.DigestsDiffer;
        if (Changes(mismatch, digestsDiffer) && (digestsDiffer || onTimer))
        {
            Toggle(mismatch, Sources(group.Members, vrrp: false), digestsDiffer
                ? Text($"advertisers of vhid {vhid} disagree: {DigestSummary(group.Members)} (different password or virtual address)")
                : Text($"advertisers of vhid {vhid} agree again"));
        }
        var collision = new AlarmKey(AlarmKind.VrrpCollision, group.Key, default);
        bool collides = group.PresentVrrp > 0 && group.PresentCarp > 0;
        if (Changes(collision, collides) && (collides || onTimer))
        {
            Toggle(collision, Sources(group.Members, vrrp: null), collides
                ? Text($"VRRP and CARP both advertise id {vhid}: each side ignores the other")
                : Text($"only one protocol advertises id {vhid} now"));
        }
    }

    // Two masters overlap only while both advertise, so the overlap grows only on a frame of one of
    // them: a frame is checked against the most recently heard other established master alone.
    // The timer keeps the alarm while the pair it was raised for still runs, else looks for another.
    private void CheckTwoMasters(GroupState group, Advertiser? heard)
    {
        var key = new AlarmKey(AlarmKind.TwoMasters, group.Key, default);
        bool raised = _alarms.ContainsKey(key);
        TimeSpan overlap, interval;
        if (heard is not null)
        {
            Advertiser? partner = TakeNewestMaster(group, heard);
            if (!raised && partner is not null && Overlapping(heard, partner, out overlap, out interval))
            {
                RaiseTwoMasters(group, key, heard, partner, overlap, interval);
            }
            return;
        }
        if (raised && group.Pair is { } pair && StillMaster(pair.A, pair.ASince) && StillMaster(pair.B, pair.BSince))
        {
            return;
        }
        if (group.Newest is { } a && group.Previous is { } b && Overlapping(a, b, out overlap, out interval))
        {
            if (raised)
            {
                group.Pair = (a, a.ActiveSince, b, b.ActiveSince);
            }
            else
            {
                RaiseTwoMasters(group, key, a, b, overlap, interval);
            }
        }
        else if (raised)
        {
            group.Pair = null;
            Toggle(key, [], Text($"vhid {group.Key.Vhid} has at most one master again"));
        }
    }

    private void RaiseTwoMasters(GroupState group, AlarmKey key, Advertiser a, Advertiser b, TimeSpan overlap, TimeSpan interval)
    {
        group.Pair = (a, a.ActiveSince, b, b.ActiveSince);
        CarpAddress[] sources = a.Source.Value < b.Source.Value ? [a.Source, b.Source] : [b.Source, a.Source];
        Toggle(key, sources,
            Text($"sources advertise vhid {group.Key.Vhid} together for {DurationText.Seconds(overlap, 1)} s (more than 3 intervals of {DurationText.SecondsUpTo(interval, 3)} s): each thinks it is master"));
    }

    // Makes an established master just heard the group's newest; returns the other newest, if still established.
    private Advertiser? TakeNewestMaster(GroupState group, Advertiser heard)
    {
        if (!Established(heard))
        {
            return null;
        }
        Advertiser? other = group.Newest != heard ? group.Newest : group.Previous;
        if (group.Newest != heard)
        {
            group.Previous = group.Newest;
            group.Newest = heard;
        }
        return other is not null && Established(other) ? other : null;
    }

    // Rebuilds the group's two newest established masters (an eviction or a silence may have taken one).
    private void FindNewestMasters(GroupState group)
    {
        group.Newest = group.Previous = null;
        foreach (Advertiser a in group.Members)
        {
            if (!Established(a))
            {
                continue;
            }
            if (group.Newest is null || a.LastSeen > group.Newest.LastSeen)
            {
                group.Previous = group.Newest;
                group.Newest = a;
            }
            else if (group.Previous is null || a.LastSeen > group.Previous.LastSeen)
            {
                group.Previous = a;
            }
        }
    }

    // A CARP master whose current run, up to its last advert, is longer than three of its intervals.
    private bool Established(Advertiser a) => a.Tracked && !a.IsVrrp && a.State == AdvertiserState.Master
        && time.GetElapsedTime(a.ActiveSince, a.LastSeen) > 3 * a.Interval;

    private static bool StillMaster(Advertiser a, long activeSince) => a.Tracked && a.State == AdvertiserState.Master && a.ActiveSince == activeSince;

    // How long two masters were both seen advertising (from the later start to the earlier last
    // advert), the wider of their intervals, and whether that is more than three of them.
    private bool Overlapping(Advertiser a, Advertiser b, out TimeSpan overlap, out TimeSpan interval)
    {
        overlap = time.GetElapsedTime(Math.Max(a.ActiveSince, b.ActiveSince), Math.Min(a.LastSeen, b.LastSeen));
        interval = a.Interval > b.Interval ? a.Interval : b.Interval;
        return overlap > 3 * interval;
    }

    private void NoteEviction(long now)
    {
        if (Overflowing(_evictions, now))
        {
            Toggle(_evictions.Key, [], Text($"more than {config.MaxAdvertisers} advertisers: the least recently heard are evicted (forged sources?)"));
        }
    }

    private void Suppress(long now)
    {
        LinesSuppressed++;
        if (Overflowing(_suppressed, now))
        {
            Toggle(_suppressed.Key, [], Text($"more than {config.LineBurst} advertiser lines at once or {config.LinesPerSecond} a second: the rest are counted, not printed"));
        }
    }

    // Counts one excess; true when its alarm is to be raised (the count restarts with it).
    private bool Overflowing(FloodTally flood, long now)
    {
        flood.Last = now;
        bool raise = !_alarms.ContainsKey(flood.Key);
        flood.Count = raise ? 1 : flood.Count + 1;
        return raise;
    }

    private void CheckFloods(long now)
    {
        ClearAfterQuiet(_evictions, "advertisers evicted", now);
        ClearAfterQuiet(_suppressed, "advertiser lines suppressed", now);
    }

    // A flood alarm clears after a quiet spell, with the count: raised at most once per spell, so it is rate-limited.
    private void ClearAfterQuiet(FloodTally flood, string what, long now)
    {
        if (_alarms.ContainsKey(flood.Key) && time.GetElapsedTime(flood.Last, now) >= config.FloodQuiet)
        {
            Toggle(flood.Key, [], Text($"{flood.Count} {what}, none for {DurationText.Seconds(config.FloodQuiet, 0)} s"));
        }
    }

    private bool Changes(AlarmKey key, bool active) => active != _alarms.ContainsKey(key);

    // Raises an alarm that is not active, or clears one that is (keeping the sources it was raised with).
    // An alarm about one advertiser (limitedAt: now) is printed within the line budget, else counted.
    private void Toggle(AlarmKey key, CarpAddress[] sources, string evidence, long? limitedAt = null)
    {
        ObserverAlarm alarm;
        if (_alarms.Remove(key, out ObserverAlarm? raised))
        {
            alarm = raised with { Evidence = evidence, Raised = false };
        }
        else
        {
            alarm = new ObserverAlarm(key.Kind, key.Group.Vhid, key.Group.IsIpv6, sources, evidence, Raised: true);
            _alarms.Add(key, alarm);
            AlarmsRaised++;
        }
        if (limitedAt is not { } now || _lines.TryTake(now))
        {
            events.AlarmChanged(alarm);
        }
        else
        {
            Suppress(now);
        }
    }

    // Sources of the advertisers present on a vhid (one family), optionally of one protocol; the lowest
    // few, kept in order as they are found (at most MaxListed comparisons per advertiser).
    private static CarpAddress[] Sources(IReadOnlyList<Advertiser> list, bool? vrrp)
    {
        var lowest = new List<CarpAddress>(MaxListed);
        foreach (Advertiser a in list)
        {
            if (a.State == AdvertiserState.Silent || (vrrp is not null && a.IsVrrp != vrrp))
            {
                continue;
            }
            int at = 0;
            while (at < lowest.Count && lowest[at].Value < a.Source.Value)
            {
                at++;
            }
            if (at < MaxListed && (at == lowest.Count || lowest[at].Value != a.Source.Value))
            {
                if (lowest.Count == MaxListed)
                {
                    lowest.RemoveAt(MaxListed - 1);
                }
                lowest.Insert(at, a.Source);
            }
        }
        return [.. lowest];
    }

    private static string DigestSummary(IReadOnlyList<Advertiser> list)
    {
        var verdicts = new List<string>();
        foreach (Advertiser a in list)
        {
            if (!a.IsVrrp && a.State != AdvertiserState.Silent && a.Digest is DigestStatus.Ok or DigestStatus.Bad)
            {
                verdicts.Add(a.Digest == DigestStatus.Ok ? $"{a.Source} ok for {a.VirtualAddress}" : $"{a.Source} bad");
            }
        }
        return verdicts.Count <= MaxListed
            ? string.Join(", ", verdicts)
            : Text($"{string.Join(", ", verdicts.GetRange(0, MaxListed))} and {verdicts.Count - MaxListed} more");
    }

    private static string TtlName(Advertiser a) => a.IsIpv6 ? "hop limit" : "TTL";

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
