using System.Globalization;
using Ucarp.Protocol;

namespace Ucarp.Tests;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData(0L, 3, "0.000")]
    [InlineData(12_345_678L, 3, "1.235")]      // 1.2345678 s, rounded half up
    [InlineData(12_344_999L, 3, "1.234")]
    [InlineData(5_000L, 3, "0.001")]           // exactly half a millisecond rounds away from zero
    [InlineData(4_999L, 3, "0.000")]
    [InlineData(99_999_999L, 1, "10.0")]       // the carry reaches the whole seconds
    [InlineData(864_000_000_000L, 0, "86400")]
    [InlineData(-15_000_000L, 1, "-1.5")]
    [InlineData(-1L, 3, "0.000")]              // rounds to zero: no minus sign
    [InlineData(long.MinValue, 0, "-922337203685")]
    public void Seconds_FixedDecimals(long ticks, int decimals, string expected) =>
        Assert.Equal(expected, DurationText.Seconds(TimeSpan.FromTicks(ticks), decimals));

    [Theory]
    [InlineData(10_000_000L, 3, "1")]
    [InlineData(15_000_000L, 3, "1.5")]
    [InlineData(2_500_000L, 2, "0.25")]
    [InlineData(1_230_000L, 3, "0.123")]
    [InlineData(1_000_100L, 3, "0.1")]
    [InlineData(9_996_000L, 2, "1")]
    [InlineData(500L, 3, "0")]
    public void SecondsUpTo_DropsTrailingZeros(long ticks, int decimals, string expected) =>
        Assert.Equal(expected, DurationText.SecondsUpTo(TimeSpan.FromTicks(ticks), decimals));

    [Theory]
    [InlineData(0L, "0")]
    [InlineData(4_999L, "0")]
    [InlineData(5_000L, "1")]
    [InlineData(123_456_789L, "12346")]
    public void Milliseconds_Rounded(long ticks, string expected) =>
        Assert.Equal(expected, DurationText.Milliseconds(TimeSpan.FromTicks(ticks)));

    /// <summary>The formats it replaced, on whole milliseconds (where a double holds the value exactly enough).</summary>
    [Fact]
    public void SameTextAsTheDoubleFormats_OnWholeMilliseconds()
    {
        for (long ms = 0; ms <= 100_000; ms += 37)
        {
            TimeSpan span = TimeSpan.FromMilliseconds(ms);
            Assert.Equal(span.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture), DurationText.Seconds(span, 3));
            Assert.Equal(span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture), DurationText.SecondsUpTo(span, 3));
            Assert.Equal(span.TotalSeconds.ToString("0", CultureInfo.InvariantCulture), DurationText.Seconds(span, 0));
            Assert.Equal(span.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture), DurationText.Milliseconds(span));
        }
    }

    [Fact]
    public void MoreDecimalsThanTicksHave_Refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => DurationText.Seconds(TimeSpan.Zero, 8));
}
