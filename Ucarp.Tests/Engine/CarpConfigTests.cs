using System.Net;
using Ucarp.Protocol.Engine;
using Ucarp.Protocol.Packets;

namespace Ucarp.Tests.Engine;

public class CarpConfigTests
{
    [Theory]
    [InlineData(1, 0, 3u, 3_000_000L)]
    [InlineData(1, 128, 3u, 3_500_000L)]
    [InlineData(2, 50, 5u, 10_195_312L)]
    [InlineData(0, 25, 3u, 292_968L)]          // ours: deadratio intervals of 25/256 s (97 656 µs each)
    [InlineData(255, 255, 1u, 255_996_093L)]
    public void MasterDownInterval_AsCarpSetrunWithSubsecondDeviation(int advBase, int advSkew, uint deadRatio, long expectedMicroseconds)
    {
        CarpConfig config = Config() with { AdvBase = (byte)advBase, AdvSkew = (byte)advSkew, DeadRatio = deadRatio };
        Assert.Equal(TimeSpan.FromMicroseconds(expectedMicroseconds), config.MasterDownInterval);
    }

    [Fact]
    public void MasterDownInterval_HugeDeadRatio_IsCappedNotOverflowed()
    {
        CarpConfig config = Config() with { AdvBase = 255, DeadRatio = uint.MaxValue };
        Assert.True(config.MasterDownInterval > TimeSpan.FromDays(365 * 1000));
    }

    [Theory]
    [InlineData(1, 0, 1_000_000L)]
    [InlineData(1, 50, 1_195_312L)]            // carp.c: 50 * 1000000 / 256, truncated
    [InlineData(0, 25, 97_656L)]
    public void AdvertInterval_ToTimeSpan_TruncatesSkewToMicroseconds(int advBase, int advSkew, long expectedMicroseconds)
    {
        Assert.Equal(TimeSpan.FromMicroseconds(expectedMicroseconds), new AdvertInterval(advBase, (byte)advSkew).ToTimeSpan());
    }

    private static CarpConfig Config() => new()
    {
        Vhid = 1,
        SourceAddress = IPAddress.Parse("198.18.0.1"),
        VirtualAddress = IPAddress.Parse("198.18.0.100"),
        Password = "x"u8.ToArray(),
    };
}
