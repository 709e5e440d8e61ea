using System.Buffers.Binary;

namespace Ucarp.Protocol.Packets;

/// <summary>
/// The 36-byte CARP v2 header (ip_carp.h struct carp_header): version/type, vhid, advskew,
/// authlen, a reserved byte, advbase, checksum, a 64-bit counter and a 20-byte HMAC-SHA1 digest.
/// The digest is not copied here: it is verified in place by <see cref="Auth.CarpDigest"/>.
/// </summary>
public readonly record struct CarpHeader(byte VersionAndType, byte Vhid, byte AdvSkew, byte AdvBase, ulong Counter)
{
    public const int Size = 36;
    public const int CounterOffset = 8;
    public const int DigestOffset = 16;
    public const int DigestSize = 20;

    public byte Version => (byte)(VersionAndType >> 4);

    /// <summary>The sender's advertisement interval, in 1/256 s.</summary>
    public AdvertInterval Interval => new(AdvBase, AdvSkew);

    public static bool TryRead(ReadOnlySpan<byte> carp, out CarpHeader header)
    {
        if (carp.Length < Size)
        {
            header = default;
            return false;
        }
        header = new CarpHeader(carp[0], carp[1], carp[2], carp[5], BinaryPrimitives.ReadUInt64BigEndian(carp[CounterOffset..]));
        return true;
    }

    /// <summary>
    /// Writes the header with authlen 7 and the counter; the caller fills the digest at
    /// <see cref="DigestOffset"/> and then calls <see cref="SealChecksum"/>.
    /// </summary>
    public void WriteTo(Span<byte> destination)
    {
        destination[0] = VersionAndType;
        destination[1] = Vhid;
        destination[2] = AdvSkew;
        destination[3] = CarpConstants.AuthLength;
        destination[4] = 0;
        destination[5] = AdvBase;
        destination[6] = 0;
        destination[7] = 0;
        BinaryPrimitives.WriteUInt64BigEndian(destination[CounterOffset..], Counter);
    }

    /// <summary>Computes the checksum over the whole header (digest included) and stores it.</summary>
    public static void SealChecksum(Span<byte> carp)
    {
        carp[6] = 0;
        carp[7] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(carp[6..], InternetChecksum.Compute(carp[..Size]));
    }
}
