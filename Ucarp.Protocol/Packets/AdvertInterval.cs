namespace Ucarp.Protocol.Packets;

/// <summary>
/// An advertisement interval, advbase + advskew/256 seconds, kept in 1/256 s so that comparisons
/// are exact. ucarp compares timevals built from the same numbers; their order is the same.
/// </summary>
public readonly record struct AdvertInterval(long Units) : IComparable<AdvertInterval>
{
    public AdvertInterval(long advBase, byte advSkew) : this(advBase * 256 + advSkew)
    {
    }

    /// <summary>The duration ucarp derives from it: whole seconds plus <c>skew * 1000000 / 256</c> µs, truncated.</summary>
    public TimeSpan ToTimeSpan() =>
        TimeSpan.FromSeconds(Units / 256) + TimeSpan.FromMicroseconds((Units % 256) * 1_000_000L / 256);

    public int CompareTo(AdvertInterval other) => Units.CompareTo(other.Units);

    public static bool operator <(AdvertInterval left, AdvertInterval right) => left.Units < right.Units;

    public static bool operator >(AdvertInterval left, AdvertInterval right) => left.Units > right.Units;

    public static bool operator <=(AdvertInterval left, AdvertInterval right) => left.Units <= right.Units;

    public static bool operator >=(AdvertInterval left, AdvertInterval right) => left.Units >= right.Units;
}
