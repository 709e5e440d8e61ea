using System.Globalization;
using Ucarp.Protocol.Packets;

namespace Ucarp.Protocol.Observe;

public sealed partial class SegmentObserver
{
    private readonly Dictionary<AlarmKey, ObserverAlarm> _alarms = [];

    /// <summary>Alarms raised so far (cleared ones included): the exit status depends on it.</summary>
    public int AlarmsRaised { get; private set; }

    // Alarms about one advertiser: its TTL and its counter. Texts are built only when an alarm changes,
    // so the packet path allocates nothing.
    private void CheckAdvertiser(Advertiser a, long now)
    {
        bool present = a.State != AdvertiserState.Silent;
        var ttl = new AlarmKey(AlarmKind.BadTtl, new VhidGroup(a.Vhid, a.IsIpv6), a.Source);
        bool badTtl = present && a.Ttl != CarpConstants.Ttl;
        if (Changes(ttl, badTtl))
        {
            Toggle(ttl, [a.Source], badTtl
                ? Text($"{a.Source} advertises vhid {a.Vhid} with {TtlName(a)} {a.Ttl}, not 255: a router or a tunnel in between")
                : present ? Text($"{a.Source} advertises with {TtlName(a)} 255 again") : Text($"{a.Source} went silent"));
        }

        var replay = new AlarmKey(AlarmKind.CounterReplay, new VhidGroup(a.Vhid, a.IsIpv6), a.Source);
        bool replaying = present && a.ReplaySeen && time.GetElapsedTime(a.LastReplay, now) <= a.Expiry;
        if (Changes(replay, replaying))
        {
            Toggle(replay, [a.Source], replaying
                ? Text($"{a.Source} vhid {a.Vhid}: counter {a.ReplayedCounter:x16} after {a.CounterBeforeReplay:x16} (replayed or forged advertisements)")
                : Text($"{a.Source} vhid {a.Vhid}: no repeated counter for three intervals"));
        }
    }

    // Alarms about a vhid in one family: its advertisers together.
    private void CheckGroup(VhidGroup group, long now)
    {
        byte vhid = group.Vhid;
        List<Advertiser> list = _byGroup[group];
        bool vrrp = false, carp = false, digestsDiffer = false;
        Advertiser? firstChecked = null;
        foreach (Advertiser a in list)
        {
            if (a.State == AdvertiserState.Silent)
            {
                continue;
            }
            if (a.IsVrrp)
            {
                vrrp = true;
                continue;
            }
            carp = true;
            if (a.Digest != DigestStatus.Unchecked)
            {
                firstChecked ??= a;
                digestsDiffer |= a.Digest != firstChecked.Digest || a.VirtualAddress != firstChecked.VirtualAddress;
            }
        }

        var two = new AlarmKey(AlarmKind.TwoMasters, group, default);
        TimeSpan overlap = LongestMasterOverlap(list, out TimeSpan interval);
        bool twoMasters = overlap > 3 * interval;
        if (Changes(two, twoMasters))
        {
            Toggle(two, Sources(list, AdvertiserState.Master, vrrp: false), twoMasters
                ? Text($"sources advertise vhid {vhid} together for {DurationText.Seconds(overlap, 1)} s (more than 3 intervals of {DurationText.SecondsUpTo(interval, 3)} s): each thinks it is master")
                : Text($"vhid {vhid} has at most one master again"));
        }
        var mismatch = new AlarmKey(AlarmKind.DigestMismatch, group, default);
        if (Changes(mismatch, digestsDiffer))
        {
            Toggle(mismatch, Sources(list, null, vrrp: false), digestsDiffer
                ? Text($"advertisers of vhid {vhid} disagree: {DigestSummary(list)} (different password or virtual address)")
                : Text($"advertisers of vhid {vhid} agree again"));
        }
        var collision = new AlarmKey(AlarmKind.VrrpCollision, group, default);
        bool collides = vrrp && carp;
        if (Changes(collision, collides))
        {
            Toggle(collision, Sources(list, null, vrrp: null), collides
                ? Text($"VRRP and CARP both advertise id {vhid}: each side ignores the other")
                : Text($"only one protocol advertises id {vhid} now"));
        }
    }

    // The longest time two CARP masters of the vhid were both seen advertising (from the later start to
    // the earlier last advert), and the wider of their two intervals; zero when there are not two.
    private TimeSpan LongestMasterOverlap(List<Advertiser> list, out TimeSpan interval)
    {
        TimeSpan longest = TimeSpan.Zero;
        interval = TimeSpan.Zero;
        for (int i = 0; i < list.Count; i++)
        {
            Advertiser a = list[i];
            if (a.IsVrrp || a.State != AdvertiserState.Master)
            {
                continue;
            }
            for (int j = i + 1; j < list.Count; j++)
            {
                Advertiser b = list[j];
                if (b.IsVrrp || b.State != AdvertiserState.Master)
                {
                    continue;
                }
                TimeSpan overlap = time.GetElapsedTime(Math.Max(a.ActiveSince, b.ActiveSince), Math.Min(a.LastSeen, b.LastSeen));
                TimeSpan wider = a.Interval > b.Interval ? a.Interval : b.Interval;
                if (overlap - 3 * wider > longest - 3 * interval)
                {
                    longest = overlap;
                    interval = wider;
                }
            }
        }
        return longest;
    }

    private bool Changes(AlarmKey key, bool active) => active != _alarms.ContainsKey(key);

    // Raises an alarm that is not active, or clears one that is (keeping the sources it was raised with).
    private void Toggle(AlarmKey key, CarpAddress[] sources, string evidence)
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
        events.AlarmChanged(alarm);
    }

    // Sources of the advertisers present on a vhid, optionally only in one state or of one protocol.
    private static CarpAddress[] Sources(List<Advertiser> list, AdvertiserState? state, bool? vrrp)
    {
        var sources = new List<CarpAddress>();
        foreach (Advertiser a in list)
        {
            if (a.State != AdvertiserState.Silent && (state is null || a.State == state) && (vrrp is null || a.IsVrrp == vrrp)
                && !sources.Contains(a.Source))
            {
                sources.Add(a.Source);
            }
        }
        sources.Sort(static (x, y) => x.Value.CompareTo(y.Value));
        return [.. sources];
    }

    private static string DigestSummary(List<Advertiser> list)
    {
        var verdicts = new List<string>();
        foreach (Advertiser a in list)
        {
            if (!a.IsVrrp && a.State != AdvertiserState.Silent && a.Digest != DigestStatus.Unchecked)
            {
                verdicts.Add(a.Digest == DigestStatus.Ok ? $"{a.Source} ok for {a.VirtualAddress}" : $"{a.Source} bad");
            }
        }
        return string.Join(", ", verdicts);
    }

    private static string TtlName(Advertiser a) => a.IsIpv6 ? "hop limit" : "TTL";

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
