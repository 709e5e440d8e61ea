namespace Ucarp.Protocol.Observe;

/// <summary>An IPv4 prefix whose every address is a candidate virtual address.</summary>
public readonly record struct Ipv4Subnet(uint Network, int PrefixLength)
{
    /// <summary>
    /// The widest prefix searched whole: 65,536 candidates cost a few tens of milliseconds once. A wider
    /// subnet is searched in the /16 around the interface's own address.
    /// </summary>
    public const int WidestSearch = 16;

    public long Count => 1L << (32 - PrefixLength);

    /// <summary>The subnet of <paramref name="address"/>/<paramref name="prefixLength"/>, narrowed to <see cref="WidestSearch"/>.</summary>
    public static Ipv4Subnet Around(uint address, int prefixLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(prefixLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(prefixLength, 32);
        int length = Math.Max(prefixLength, WidestSearch);
        return new Ipv4Subnet(address & Mask(length), length);
    }

    public uint Address(long index) => Network + (uint)index;

    private static uint Mask(int length) => length == 0 ? 0 : uint.MaxValue << (32 - length);
}
