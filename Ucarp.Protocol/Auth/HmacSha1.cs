namespace Ucarp.Protocol.Auth;

/// <summary>
/// HMAC-SHA1 (RFC 2104) with the inner and outer states keyed once, so each message costs two
/// SHA-1 finishes and no allocation.
/// </summary>
public readonly struct HmacSha1
{
    public const int HashSize = Sha1.HashSize;

    private readonly Sha1 _inner;
    private readonly Sha1 _outer;

    public HmacSha1(ReadOnlySpan<byte> key)
    {
        Span<byte> block = stackalloc byte[Sha1.BlockSize];
        block.Clear();
        if (key.Length > Sha1.BlockSize)
        {
            Sha1.HashData(key, block);
        }
        else
        {
            key.CopyTo(block);
        }
        for (int i = 0; i < block.Length; i++)
        {
            block[i] ^= 0x36;
        }
        _inner = Sha1.Create();
        _inner.Append(block);
        for (int i = 0; i < block.Length; i++)
        {
            block[i] ^= 0x36 ^ 0x5C;
        }
        _outer = Sha1.Create();
        _outer.Append(block);
    }

    /// <summary>The inner state with <paramref name="prefix"/> already hashed: ucarp's <c>carp_hmac_prepare</c>.</summary>
    public HmacSha1 WithPrefix(ReadOnlySpan<byte> prefix)
    {
        Sha1 inner = _inner;
        inner.Append(prefix);
        return new HmacSha1(inner, _outer);
    }

    private HmacSha1(Sha1 inner, Sha1 outer)
    {
        _inner = inner;
        _outer = outer;
    }

    public void Compute(ReadOnlySpan<byte> message, Span<byte> destination)
    {
        Span<byte> innerHash = stackalloc byte[Sha1.HashSize];
        Sha1 inner = _inner;
        inner.Append(message);
        inner.Finish(innerHash);
        Sha1 outer = _outer;
        outer.Append(innerHash);
        outer.Finish(destination);
    }

    public static void HashData(ReadOnlySpan<byte> key, ReadOnlySpan<byte> message, Span<byte> destination) =>
        new HmacSha1(key).Compute(message, destination);
}
