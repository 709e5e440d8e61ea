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
    private readonly HmacSha1 _prepared;

    public CarpDigest(ReadOnlySpan<byte> password, byte vhid, uint virtualAddress)
    {
        if (password.Length > CarpConstants.MaxPasswordLength)
        {
            throw new ArgumentException("Password too long", nameof(password));
        }
        Span<byte> prefix = stackalloc byte[7];
        prefix[0] = CarpConstants.Version;
        prefix[1] = 1;
        prefix[2] = vhid;
        BinaryPrimitives.WriteUInt32BigEndian(prefix[3..], virtualAddress);
        _prepared = new HmacSha1(password).WithPrefix(prefix);
    }

    /// <summary>Writes the 20-byte digest for the counter bytes as they stand on the wire.</summary>
    public void Compute(ReadOnlySpan<byte> counterOnWire, Span<byte> digest) => _prepared.Compute(counterOnWire[..8], digest);

    /// <summary>Checks a received CARP header's digest in constant time; <paramref name="expected"/> receives ours.</summary>
    public bool Verify(ReadOnlySpan<byte> carp, Span<byte> expected)
    {
        Compute(carp.Slice(CarpHeader.CounterOffset, 8), expected);
        return CryptographicOperations.FixedTimeEquals(expected, carp.Slice(CarpHeader.DigestOffset, CarpHeader.DigestSize));
    }
}
