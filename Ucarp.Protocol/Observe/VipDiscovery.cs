using Ucarp.Protocol.Auth;

namespace Ucarp.Protocol.Observe;

/// <summary>
/// Checks CARP digests when the virtual address is unknown: the HMAC covers it, so every candidate
/// (the <c>--addr</c> given, or each address of the interface's subnets) is tried with the password's
/// key prepared once. The answer is cached per source and vhid, so a search runs once, then each advert
/// costs one HMAC; a source that matched nothing is searched again at most every <see cref="RetryAfter"/>.
/// </summary>
public sealed class VipDiscovery(HmacSha1 key, IReadOnlyList<Ipv4Subnet> candidates, TimeProvider time)
{
    /// <summary>How long a failed search stands before the source is searched again (it may have been reconfigured).</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(10);

    private readonly HmacSha1 _key = key;
    private readonly Dictionary<(uint Source, byte Vhid), (uint Vip, long SearchedAt)> _cache = [];

    /// <summary>Searches run so far (each one tries every candidate until a match).</summary>
    public int Searches { get; private set; }

    /// <summary>Checks the 36-byte CARP header <paramref name="carp"/> received from <paramref name="source"/>.</summary>
    public DigestCheck Check(uint source, ReadOnlySpan<byte> carp)
    {
        var cacheKey = (source, carp[1]);
        long now = time.GetTimestamp();
        if (_cache.TryGetValue(cacheKey, out (uint Vip, long SearchedAt) cached))
        {
            if (cached.Vip != 0 && CarpDigest.Matches(_key, cached.Vip, carp))
            {
                return new DigestCheck(DigestStatus.Ok, cached.Vip);
            }
            if (time.GetElapsedTime(cached.SearchedAt, now) < RetryAfter)
            {
                return new DigestCheck(DigestStatus.Bad, 0);
            }
        }
        Searches++;
        uint found = Search(_key, candidates, carp);
        _cache[cacheKey] = (found, now);
        return found == 0 ? new DigestCheck(DigestStatus.Bad, 0) : new DigestCheck(DigestStatus.Ok, found);
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
}
