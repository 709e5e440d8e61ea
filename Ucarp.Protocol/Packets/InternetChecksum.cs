using System.Buffers.Binary;

namespace Ucarp.Protocol.Packets;

/// <summary>The RFC 1071 ones'-complement checksum used by IPv4 and CARP.</summary>
public static class InternetChecksum
{
    /// <summary>
    /// Returns the checksum of <paramref name="data"/>: zero when the data already holds a correct
    /// checksum field, otherwise the value to store (big-endian) in a zeroed checksum field.
    /// </summary>
    public static ushort Compute(ReadOnlySpan<byte> data) => Fold(Sum(data));

    /// <summary>The checksum of <paramref name="first"/> (even length) followed by <paramref name="second"/>.</summary>
    public static ushort Compute(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        if (first.Length % 2 != 0)
        {
            throw new ArgumentException("The first part must have an even length.", nameof(first));
        }
        return Fold(Sum(first) + Sum(second));
    }

    private static ulong Sum(ReadOnlySpan<byte> data)
    {
        ulong sum = 0;
        while (data.Length >= 8)
        {
            ulong word = BinaryPrimitives.ReadUInt64BigEndian(data);
            sum += (word >> 48) + ((word >> 32) & 0xFFFF) + ((word >> 16) & 0xFFFF) + (word & 0xFFFF);
            data = data[8..];
        }
        while (data.Length >= 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data);
            data = data[2..];
        }
        if (data.Length == 1)
        {
            sum += (uint)data[0] << 8;
        }
        return sum;
    }

    private static ushort Fold(ulong sum)
    {
        while (sum > 0xFFFF)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return (ushort)~sum;
    }
}
