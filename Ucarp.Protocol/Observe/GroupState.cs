namespace Ucarp.Protocol.Observe;

/// <summary>
/// The advertisers of one vhid and family and what the group alarms need of them, kept up to date
/// as each advertiser changes, so that deciding an alarm on a frame never walks the group.
/// </summary>
internal sealed class GroupState(VhidGroup key)
{
    private readonly List<Advertiser> _members = [];
    private readonly Dictionary<DigestCheck, int> _verdicts = [];

    public VhidGroup Key { get; } = key;

    public IReadOnlyList<Advertiser> Members => _members;

    /// <summary>Advertisers that are not silent, by protocol.</summary>
    public int PresentCarp { get; private set; }

    public int PresentVrrp { get; private set; }

    /// <summary>Present CARP advertisers have more than one digest verdict (ok for one VIP, ok for another, bad).</summary>
    public bool DigestsDiffer => _verdicts.Count > 1;

    /// <summary>The two most recently heard CARP masters that have advertised for more than three intervals.</summary>
    public Advertiser? Newest { get; set; }

    public Advertiser? Previous { get; set; }

    /// <summary>The two masters a two-masters alarm was raised for, and the runs it saw.</summary>
    public (Advertiser A, long ASince, Advertiser B, long BSince)? Pair { get; set; }

    public void Join(Advertiser advertiser)
    {
        advertiser.GroupIndex = _members.Count;
        _members.Add(advertiser);
    }

    /// <summary>Removes an evicted advertiser (its contribution already withdrawn) by moving the last member into its place.</summary>
    public void Leave(Advertiser advertiser)
    {
        Advertiser last = _members[^1];
        _members[advertiser.GroupIndex] = last;
        last.GroupIndex = advertiser.GroupIndex;
        _members.RemoveAt(_members.Count - 1);
        if (Newest == advertiser)
        {
            Newest = Previous;
            Previous = null;
        }
        else if (Previous == advertiser)
        {
            Previous = null;
        }
    }

    /// <summary>Adds (+1) or withdraws (-1) what an advertiser contributes; call around every change of its state, protocol or digest.</summary>
    public void Count(Advertiser advertiser, int sign)
    {
        if (advertiser.State == AdvertiserState.Silent)
        {
            return;
        }
        if (advertiser.IsVrrp)
        {
            PresentVrrp += sign;
            return;
        }
        PresentCarp += sign;
        if (advertiser.Digest is DigestStatus.Ok or DigestStatus.Bad)
        {
            var verdict = new DigestCheck(advertiser.Digest, advertiser.VirtualAddress);
            int count = _verdicts.GetValueOrDefault(verdict) + sign;
            if (count == 0)
            {
                _ = _verdicts.Remove(verdict);
            }
            else
            {
                _verdicts[verdict] = count;
            }
        }
    }
}
