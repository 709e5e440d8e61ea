using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Ucarp.Protocol.Auth;

/// <summary>
/// SHA-1 (RFC 3174) as a copyable value: a state can be prepared once and cloned for every
/// message, as ucarp does with its precomputed inner hash. Ours rather than the BCL's because
/// the BCL loads OpenSSL at run time and the shipped binary must need nothing but libc.
/// </summary>
public struct Sha1
{
    public const int HashSize = 20;
    public const int BlockSize = 64;

    private uint _h0, _h1, _h2, _h3, _h4;
    private ulong _length;
    private Block _buffer;
    private int _buffered;

    [InlineArray(BlockSize)]
    private struct Block
    {
        private byte _element;
    }

    public static Sha1 Create() => new()
    {
        _h0 = 0x67452301,
        _h1 = 0xEFCDAB89,
        _h2 = 0x98BADCFE,
        _h3 = 0x10325476,
        _h4 = 0xC3D2E1F0,
    };

    public static void HashData(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        Sha1 sha = Create();
        sha.Append(data);
        sha.Finish(destination);
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        _length += (ulong)data.Length;
        Span<byte> buffer = _buffer;
        if (_buffered > 0)
        {
            int take = Math.Min(BlockSize - _buffered, data.Length);
            data[..take].CopyTo(buffer[_buffered..]);
            _buffered += take;
            data = data[take..];
            if (_buffered < BlockSize)
            {
                return;
            }
            Compress(buffer);
            _buffered = 0;
        }
        while (data.Length >= BlockSize)
        {
            Compress(data[..BlockSize]);
            data = data[BlockSize..];
        }
        data.CopyTo(buffer);
        _buffered = data.Length;
    }

    /// <summary>Pads, writes the 20-byte hash and leaves this state spent.</summary>
    public void Finish(Span<byte> destination)
    {
        ulong bitLength = _length * 8;
        Span<byte> padding = stackalloc byte[BlockSize + 8];
        padding.Clear();
        padding[0] = 0x80;
        int padLength = (_buffered < 56 ? 56 : 120) - _buffered;
        BinaryPrimitives.WriteUInt64BigEndian(padding[padLength..], bitLength);
        Append(padding[..(padLength + 8)]);
        BinaryPrimitives.WriteUInt32BigEndian(destination, _h0);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], _h1);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], _h2);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], _h3);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], _h4);
    }

    private void Compress(ReadOnlySpan<byte> block)
    {
        Span<uint> w = stackalloc uint[80];
        for (int i = 0; i < 16; i++)
        {
            w[i] = BinaryPrimitives.ReadUInt32BigEndian(block[(i * 4)..]);
        }
        for (int i = 16; i < 80; i++)
        {
            w[i] = BitOperations.RotateLeft(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
        }
        uint a = _h0, b = _h1, c = _h2, d = _h3, e = _h4;
        for (int i = 0; i < 80; i++)
        {
            uint f, k;
            if (i < 20)
            {
                f = (b & c) | (~b & d);
                k = 0x5A827999;
            }
            else if (i < 40)
            {
                f = b ^ c ^ d;
                k = 0x6ED9EBA1;
            }
            else if (i < 60)
            {
                f = (b & c) | (b & d) | (c & d);
                k = 0x8F1BBCDC;
            }
            else
            {
                f = b ^ c ^ d;
                k = 0xCA62C1D6;
            }
            uint temp = BitOperations.RotateLeft(a, 5) + f + e + k + w[i];
            e = d;
            d = c;
            c = BitOperations.RotateLeft(b, 30);
            b = a;
            a = temp;
        }
        _h0 += a;
        _h1 += b;
        _h2 += c;
        _h3 += d;
        _h4 += e;
    }
}
