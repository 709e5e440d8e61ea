namespace Ucarp.Protocol.Observe;

/// <summary>
/// The advertisers tracked, at most a given number: a lookup by key and a recency list, so hearing
/// one, adding one and evicting the least recently heard are each O(1).
/// </summary>
internal sealed class AdvertiserTable(int capacity)
{
    private readonly Dictionary<AdvertiserKey, Advertiser> _byKey = [];
    private Advertiser? _oldest;
    private Advertiser? _newest;

    public bool IsFull => _byKey.Count >= capacity;

    public Dictionary<AdvertiserKey, Advertiser>.ValueCollection All => _byKey.Values;

    /// <summary>Finds an advertiser and makes it the most recently heard.</summary>
    public bool TryHeard(AdvertiserKey key, out Advertiser? advertiser)
    {
        if (!_byKey.TryGetValue(key, out advertiser))
        {
            return false;
        }
        Unlink(advertiser);
        Append(advertiser);
        return true;
    }

    public void Add(Advertiser advertiser)
    {
        _byKey.Add(advertiser.Key, advertiser);
        advertiser.Tracked = true;
        Append(advertiser);
    }

    /// <summary>Removes and returns the least recently heard advertiser.</summary>
    public Advertiser RemoveOldest()
    {
        Advertiser oldest = _oldest ?? throw new InvalidOperationException("The table is empty.");
        Unlink(oldest);
        _ = _byKey.Remove(oldest.Key);
        oldest.Tracked = false;
        return oldest;
    }

    private void Append(Advertiser advertiser)
    {
        advertiser.Older = _newest;
        advertiser.Newer = null;
        if (_newest is null)
        {
            _oldest = advertiser;
        }
        else
        {
            _newest.Newer = advertiser;
        }
        _newest = advertiser;
    }

    private void Unlink(Advertiser advertiser)
    {
        if (advertiser.Older is null)
        {
            _oldest = advertiser.Newer;
        }
        else
        {
            advertiser.Older.Newer = advertiser.Newer;
        }
        if (advertiser.Newer is null)
        {
            _newest = advertiser.Older;
        }
        else
        {
            advertiser.Newer.Older = advertiser.Older;
        }
        advertiser.Older = advertiser.Newer = null;
    }
}
