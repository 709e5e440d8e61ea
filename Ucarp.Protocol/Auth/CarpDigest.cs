using System.Buffers.Binary;
using System.Security.Cryptography;
using Ucarp.Protocol.Packets;

namespace Ucarp.Protocol.Auth;

/// <summary>
/// The CARP advertisement digest: HMAC-SHA1 keyed with the password over version 2, type 1, the
/// vhid, the four bytes of the virtual address and the eight counter bytes as on the wire
/// (ucarp carp.c carp_hmac_prepare / carp_hmac_generate).
/// </summary>
public sealed class CarpDigest
{
    private const int PrefixSize = 7;

    private readonly HmacSha1 _prepared;

    public CarpDigest(ReadOnlySpan<byte> password, byte vhid, uint virtualAddress)
        : this(Key(password), vhid, virtualAddress)
    {
    }

    /// <summary>From a key made once by <see cref="Key"/>: no SHA-1 work is repeated per virtual address.</summary>
    public CarpDigest(in HmacSha1 key, byte vhid, uint virtualAddress)
    {
        Span<byte> prefix = stackalloc byte[PrefixSize];
        WritePrefix(prefix, vhid, virtualAddress);
        _prepared = key.WithPrefix(prefix);
    }

    /// <summary>The password's keyed inner and outer SHA-1 states, computed once and reused for every vhid and address.</summary>
    public static HmacSha1 Key(ReadOnlySpan<byte> password)
    {
        if (password.Length > CarpConstants.MaxPasswordLength)
        {
            throw new ArgumentException("Password too long", nameof(password));
        }
        return new HmacSha1(password);
    }

    private CarpDigest(HmacSha1 prepared) => _prepared = prepared;

    /// <summary>
    /// The IPv6 digest of OpenBSD carp_hmac_prepare_ctx: version 2, type 1, the vhid, the VIP's 16
    /// bytes, then the counter. A link-local VIP (fe80::/10) is hashed with its scope bytes (2-3)
    /// zeroed when <paramref name="linkLocalIncluded"/> (HMAC_ORIG) and left out otherwise
    /// (HMAC_NOV6LL, the variant OpenBSD sends); for other addresses both are the same.
    /// </summary>
    public static CarpDigest ForIpv6(ReadOnlySpan<byte> password, byte vhid, UInt128 virtualAddress, bool linkLocalIncluded)
    {
        Span<byte> prefix = stackalloc byte[3 + 16];
        WritePrefix(prefix, vhid, 0);
        BinaryPrimitives.WriteUInt128BigEndian(prefix[3..], virtualAddress);
        bool linkLocal = new CarpAddress(virtualAddress, true).IsLinkLocal;
        if (linkLocal && !linkLocalIncluded)
        {
            prefix = prefix[..3];
        }
        else if (linkLocal)
        {
            prefix[5] = 0;
            prefix[6] = 0;
        }
        return new CarpDigest(Key(password).WithPrefix(prefix));
    }

    /// <summary>Writes the 20-byte digest for the counter bytes as they stand on the wire.</summary>
    public void Compute(ReadOnlySpan<byte> counterOnWire, Span<byte> digest) => _prepared.Compute(counterOnWire[..8], digest);

    /// <summary>Checks a received CARP header's digest in constant time; <paramref name="expected"/> receives ours.</summary>
    public bool Verify(ReadOnlySpan<byte> carp, Span<byte> expected)
    {
        Compute(carp.Slice(CarpHeader.CounterOffset, 8), expected);
        return CryptographicOperations.FixedTimeEquals(expected, carp.Slice(CarpHeader.DigestOffset, CarpHeader.DigestSize));
    }

    /// <summary>
    /// Whether a received CARP header was signed with <paramref name="key"/> for <paramref name="virtualAddress"/>:
    /// one HMAC from the prepared key, no allocation, so an observer can try thousands of candidate addresses.
    /// An IPv6 address is hashed as <see cref="ForIpv6"/> sends it (a link-local one is left out).
    /// </summary>
    public static bool Matches(in HmacSha1 key, CarpAddress virtualAddress, ReadOnlySpan<byte> carp)
    {
        Span<byte> message = stackalloc byte[3 + 16 + 8];
        WritePrefix(message, carp[1], 0);
        int addressSize = !virtualAddress.IsIpv6 ? 4 : virtualAddress.IsLinkLocal ? 0 : 16;
        if (virtualAddress.IsIpv6)
        {
            BinaryPrimitives.WriteUInt128BigEndian(message[3..], virtualAddress.Value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(message[3..], (uint)virtualAddress.Value);
        }
        carp.Slice(CarpHeader.CounterOffset, 8).CopyTo(message[(3 + addressSize)..]);
        Span<byte> expected = stackalloc byte[CarpHeader.DigestSize];
        key.Compute(message[..(3 + addressSize + 8)], expected);
        return CryptographicOperations.FixedTimeEquals(expected, carp.Slice(CarpHeader.DigestOffset, CarpHeader.DigestSize));
    }

    private static void WritePrefix(Span<byte> prefix, byte vhid, uint virtualAddress)
    {
        prefix[0] = CarpConstants.Version;
        prefix[1] = 1;
        prefix[2] = vhid;
        BinaryPrimitives.WriteUInt32BigEndian(prefix[3..], virtualAddress);
    }
}
