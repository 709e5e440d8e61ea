using Ucarp.Protocol.Auth;
using Ucarp.Protocol.Packets;

namespace Ucarp.Protocol.Observe;

/// <summary>
/// Checks CARP digests when the virtual address is unknown: the HMAC covers it, so every candidate
/// is tried with the password's key prepared once. IPv4 candidates are the <c>--addr</c> given or each
/// address of the interface's subnets. IPv6 candidates are the IPv6 <c>--addr</c> given, else a
/// link-local VIP (which OpenBSD leaves out of the digest, so one HMAC tells) and the first
/// <see cref="Ipv6SearchSize"/> addresses of the source's /64. The answer is cached per source and
/// vhid, so a search runs once, then each advert costs one HMAC; a source that matched nothing is
/// searched again at most every <see cref="RetryAfter"/>.
/// Searches share a budget of HMACs a second (<see cref="DefaultHmacsPerSecond"/>): within it a search
/// ends in the call that starts it; beyond it searches wait in turn, each running
/// <see cref="Slice"/> candidates before the next, so forged sources cannot starve a real one.
/// </summary>
public sealed class VipDiscovery
{
    /// <summary>How long a failed search stands before the source is searched again (it may have been reconfigured).</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(10);

    /// <summary>
    /// IPv6 addresses searched from the start of the source's /64 (::0 to ::ffff, where hand-picked
    /// VIPs live): as many as an IPv4 /16, so a search costs the same tens of milliseconds.
    /// </summary>
    public const int Ipv6SearchSize = 1 << Ipv4Subnet.WidestSearch;

    /// <summary>HMACs a second for searches, all sources together: one /16 a second, a few percent of a core; twice that may be saved up.</summary>
    public const int DefaultHmacsPerSecond = 1 << Ipv4Subnet.WidestSearch;

    /// <summary>Candidates a waiting search tries before the next waiting search's turn.</summary>
    public const int Slice = 4096;

    /// <summary>Stands for any link-local VIP: OpenBSD's sent digest leaves link-local addresses out.</summary>
    public static readonly CarpAddress LinkLocal = new((UInt128)0xFE80 << 112, true);

    private readonly HmacSha1 _key;
    private readonly IReadOnlyList<Ipv4Subnet> _candidates;
    private readonly long _ipv4Candidates;
    private readonly TimeProvider _time;
    private readonly CarpAddress? _ipv6VirtualAddress;
    private readonly TokenBucket _budget;
    private readonly Dictionary<(CarpAddress Source, byte Vhid), DiscoveryAnswer> _cache = [];
    private readonly Dictionary<(CarpAddress Source, byte Vhid), DiscoverySearch> _searches = [];
    private readonly LinkedList<DiscoverySearch> _waiting = new();

    public VipDiscovery(HmacSha1 key, IReadOnlyList<Ipv4Subnet> candidates, TimeProvider time, CarpAddress? ipv6VirtualAddress = null,
        int hmacsPerSecond = DefaultHmacsPerSecond)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(time);
        _key = key;
        _candidates = candidates;
        foreach (Ipv4Subnet subnet in candidates)
        {
            _ipv4Candidates += subnet.Count;
        }
        _time = time;
        _ipv6VirtualAddress = ipv6VirtualAddress;
        _budget = new TokenBucket(hmacsPerSecond, 2 * hmacsPerSecond, time);
    }

    /// <summary>Searches finished so far (each one tries candidates until a match or the last).</summary>
    public int Searches { get; private set; }

    /// <summary>HMACs computed so far: searches and the one per advert of a source whose VIP is known.</summary>
    public long Hmacs { get; private set; }

    /// <summary>Searches waiting for the budget.</summary>
    public int Waiting => _waiting.Count;

    /// <summary>
    /// Checks the 36-byte CARP header <paramref name="carp"/> received from <paramref name="source"/>:
    /// <see cref="DigestStatus.Pending"/> while a first search waits for the budget, the last answer while a retry does.
    /// </summary>
    public DigestCheck Check(CarpAddress source, ReadOnlySpan<byte> carp)
    {
        var key = (source, carp[1]);
        long now = _time.GetTimestamp();
        bool known = _cache.TryGetValue(key, out DiscoveryAnswer? cached);
        if (cached is not null)
        {
            if (cached.Vip is { } vip && Matches(vip, carp))
            {
                return new DigestCheck(DigestStatus.Ok, vip);
            }
            if (_time.GetElapsedTime(cached.SearchedAt, now) < RetryAfter)
            {
                return new DigestCheck(DigestStatus.Bad, default);
            }
        }
        if (!_searches.ContainsKey(key))
        {
            long count = !source.IsIpv6 ? _ipv4Candidates : _ipv6VirtualAddress is not null || source.IsLinkLocal ? 1 : 1 + Ipv6SearchSize;
            var search = new DiscoverySearch(key, carp, count);
            _searches.Add(key, search);
            search.Queued = _waiting.AddLast(search);
        }
        RunWaiting(now);
        if (_searches.ContainsKey(key))
        {
            return new DigestCheck(known ? DigestStatus.Bad : DigestStatus.Pending, default);
        }
        return _cache[key].Vip is { } found ? new DigestCheck(DigestStatus.Ok, found) : new DigestCheck(DigestStatus.Bad, default);
    }

    /// <summary>Runs waiting searches as far as the budget allows; the answers reach the sources' next adverts.</summary>
    public void RunWaiting() => RunWaiting(_time.GetTimestamp());

    /// <summary>Drops what is known of a source that is no longer tracked, so forged sources cannot grow the cache.</summary>
    public void Forget(CarpAddress source, byte vhid)
    {
        _ = _cache.Remove((source, vhid));
        if (_searches.Remove((source, vhid), out DiscoverySearch? search))
        {
            _waiting.Remove(search.Queued!);
        }
    }

    /// <summary>The first candidate address whose digest matches, or 0 (never a usable virtual address).</summary>
    public static uint Search(in HmacSha1 key, IReadOnlyList<Ipv4Subnet> candidates, ReadOnlySpan<byte> carp)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        foreach (Ipv4Subnet subnet in candidates)
        {
            for (long i = 0; i < subnet.Count; i++)
            {
                uint address = subnet.Address(i);
                if (CarpDigest.Matches(key, address, carp))
                {
                    return address;
                }
            }
        }
        return 0;
    }

    // Round robin over the waiting searches, a slice each, until the budget is spent.
    private void RunWaiting(long now)
    {
        long budget = _budget.Available(now);
        long spent = 0;
        while (_waiting.First is { } node && spent < budget)
        {
            DiscoverySearch search = node.Value;
            long end = Math.Min(search.Candidates, search.Next + Math.Min(Slice, budget - spent));
            CarpAddress? found = null;
            for (; search.Next < end && found is null; search.Next++)
            {
                CarpAddress candidate = Candidate(search, search.Next);
                spent++;
                if (Matches(candidate, search.Carp))
                {
                    found = candidate;
                }
            }
            _waiting.RemoveFirst();
            if (found is not null || search.Next == search.Candidates)
            {
                _ = _searches.Remove(search.Key);
                _cache[search.Key] = new DiscoveryAnswer(found, now);
                Searches++;
            }
            else
            {
                _waiting.AddLast(node);
            }
        }
        _budget.Take(spent);
    }

    // The index-th candidate of a search: the IPv4 subnets one after another; for IPv6 the given
    // address, else the link-local stand-in, then the start of the source's /64.
    private CarpAddress Candidate(DiscoverySearch search, long index)
    {
        CarpAddress source = search.Key.Source;
        if (source.IsIpv6)
        {
            return _ipv6VirtualAddress ?? (index == 0 ? LinkLocal : new CarpAddress((source.Value & ~(UInt128)ulong.MaxValue) + (ulong)(index - 1), true));
        }
        foreach (Ipv4Subnet subnet in _candidates)
        {
            if (index < subnet.Count)
            {
                return CarpAddress.FromIpv4(subnet.Address(index));
            }
            index -= subnet.Count;
        }
        throw new ArgumentOutOfRangeException(nameof(index));
    }

    private bool Matches(CarpAddress candidate, ReadOnlySpan<byte> carp)
    {
        Hmacs++;
        return CarpDigest.Matches(_key, candidate, carp);
    }
}
