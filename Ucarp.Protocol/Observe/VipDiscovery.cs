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
/// </summary>
public sealed class VipDiscovery(HmacSha1 key, IReadOnlyList<Ipv4Subnet> candidates, TimeProvider time, CarpAddress? ipv6VirtualAddress = null)
{
    /// <summary>How long a failed search stands before the source is searched again (it may have been reconfigured).</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(10);

    /// <summary>
    /// IPv6 addresses searched from the start of the source's /64 (::0 to ::ffff, where hand-picked
    /// VIPs live): as many as an IPv4 /16, so a search costs the same tens of milliseconds.
    /// </summary>
    public const int Ipv6SearchSize = 1 << Ipv4Subnet.WidestSearch;

    /// <summary>Stands for any link-local VIP: OpenBSD's sent digest leaves link-local addresses out.</summary>
    public static readonly CarpAddress LinkLocal = new((UInt128)0xFE80 << 112, true);

    private readonly HmacSha1 _key = key;
    private readonly Dictionary<(CarpAddress Source, byte Vhid), (CarpAddress? Vip, long SearchedAt)> _cache = [];

    /// <summary>Searches run so far (each one tries every candidate until a match).</summary>
    public int Searches { get; private set; }

    /// <summary>Checks the 36-byte CARP header <paramref name="carp"/> received from <paramref name="source"/>.</summary>
    public DigestCheck Check(CarpAddress source, ReadOnlySpan<byte> carp)
    {
        var cacheKey = (source, carp[1]);
        long now = time.GetTimestamp();
        if (_cache.TryGetValue(cacheKey, out (CarpAddress? Vip, long SearchedAt) cached))
        {
            if (cached.Vip is { } vip && CarpDigest.Matches(_key, vip, carp))
            {
                return new DigestCheck(DigestStatus.Ok, vip);
            }
            if (time.GetElapsedTime(cached.SearchedAt, now) < RetryAfter)
            {
                return new DigestCheck(DigestStatus.Bad, default);
            }
        }
        Searches++;
        CarpAddress? found = source.IsIpv6 ? SearchIpv6(source, carp) : SearchIpv4(carp);
        _cache[cacheKey] = (found, now);
        return found is { } match ? new DigestCheck(DigestStatus.Ok, match) : new DigestCheck(DigestStatus.Bad, default);
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

    private CarpAddress? SearchIpv4(ReadOnlySpan<byte> carp)
    {
        uint found = Search(_key, candidates, carp);
        return found == 0 ? null : CarpAddress.FromIpv4(found);
    }

    private CarpAddress? SearchIpv6(CarpAddress source, ReadOnlySpan<byte> carp)
    {
        if (ipv6VirtualAddress is { } given)
        {
            return CarpDigest.Matches(_key, given, carp) ? given : null;
        }
        if (CarpDigest.Matches(_key, LinkLocal, carp))
        {
            return LinkLocal;
        }
        if (source.IsLinkLocal)
        {
            return null;   // OpenBSD's usual source: its /64 is fe80::/64, where no global VIP lives
        }
        UInt128 network = source.Value & ~(UInt128)ulong.MaxValue;
        for (uint i = 0; i < Ipv6SearchSize; i++)
        {
            var address = new CarpAddress(network + i, true);
            if (CarpDigest.Matches(_key, address, carp))
            {
                return address;
            }
        }
        return null;
    }
}
