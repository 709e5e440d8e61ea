using System.Text;
using Microsoft.Extensions.Time.Testing;
using Ucarp.Protocol.Auth;
using Ucarp.Protocol.Observe;
using Ucarp.Tests.Packets;
using static Ucarp.Tests.Observe.ObserveFrames;

namespace Ucarp.Tests.Observe;

public class VipDiscoveryTests
{
    private readonly FakeTimeProvider _time = new();

    public static TheoryData<FrameVector> Advertisements => new(FrameVector.All().Where(v => v.Kind == "CARP"));

    [Theory]
    [MemberData(nameof(Advertisements))]
    public void Check_CapturedAdvertWithGivenVip_Ok(FrameVector vector)
    {
        var discovery = Discovery(vector.Password, new Ipv4Subnet(vector.VirtualAddress, 32));

        DigestCheck check = discovery.Check(vector.Source, HeaderOf(vector));

        Assert.Equal(new DigestCheck(DigestStatus.Ok, vector.VirtualAddress), check);
    }

    [Theory]
    [MemberData(nameof(Advertisements))]
    public void Check_CapturedAdvertWithoutVip_FindsItInTheSubnet(FrameVector vector)
    {
        var discovery = Discovery(vector.Password, Ipv4Subnet.Around(vector.Source, 24));

        DigestCheck check = discovery.Check(vector.Source, HeaderOf(vector));

        Assert.Equal(new DigestCheck(DigestStatus.Ok, vector.VirtualAddress), check);
    }

    [Theory]
    [MemberData(nameof(Advertisements))]
    public void Check_CapturedAdvertWithWrongPassword_Bad(FrameVector vector)
    {
        var discovery = Discovery("wrong", Ipv4Subnet.Around(vector.Source, 24));

        Assert.Equal(DigestStatus.Bad, discovery.Check(vector.Source, HeaderOf(vector)).Status);
    }

    [Fact]
    public void Check_VipOutsideTheSubnets_Bad()
    {
        byte[] frame = Carp("198.18.0.1", 7, "pw", "198.19.5.5", 1);
        var discovery = Discovery("pw", Ipv4Subnet.Around(Ip("198.18.0.1"), 24));

        Assert.Equal(DigestStatus.Bad, discovery.Check(Ip("198.18.0.1"), frame.AsSpan(34)).Status);
    }

    [Fact]
    public void Check_NextAdvertsOfTheSameSource_UseTheCacheNotANewSearch()
    {
        var discovery = Discovery("pw", Ipv4Subnet.Around(Ip("198.18.0.1"), 16));

        for (ulong counter = 1; counter <= 50; counter++)
        {
            DigestCheck check = discovery.Check(Ip("198.18.0.1"), Carp("198.18.0.1", 7, "pw", "198.18.200.7", counter).AsSpan(34));
            Assert.Equal(new DigestCheck(DigestStatus.Ok, Ip("198.18.200.7")), check);
        }

        Assert.Equal(1, discovery.Searches);
    }

    [Fact]
    public void Check_SourceThatMatchedNothing_SearchedAgainOnlyAfterRetryInterval()
    {
        var discovery = Discovery("pw", Ipv4Subnet.Around(Ip("198.18.0.1"), 24));
        byte[] forged = Carp("198.18.0.1", 7, "other", "198.18.0.100", 1);

        for (int i = 0; i < 20; i++)
        {
            Assert.Equal(DigestStatus.Bad, discovery.Check(Ip("198.18.0.1"), forged.AsSpan(34)).Status);
        }
        Assert.Equal(1, discovery.Searches);

        _time.Advance(VipDiscovery.RetryAfter);
        _ = discovery.Check(Ip("198.18.0.1"), forged.AsSpan(34));
        Assert.Equal(2, discovery.Searches);
    }

    [Fact]
    public void Check_SameSourceOtherVhid_CachedSeparately()
    {
        var discovery = Discovery("pw", Ipv4Subnet.Around(Ip("198.18.0.1"), 24));

        Assert.Equal(Ip("198.18.0.100"), discovery.Check(Ip("198.18.0.1"), Carp("198.18.0.1", 7, "pw", "198.18.0.100", 1).AsSpan(34)).VirtualAddress);
        Assert.Equal(Ip("198.18.0.101"), discovery.Check(Ip("198.18.0.1"), Carp("198.18.0.1", 8, "pw", "198.18.0.101", 1).AsSpan(34)).VirtualAddress);
        Assert.Equal(2, discovery.Searches);
    }

    [Theory]
    [InlineData("198.18.77.3", 24, "198.18.77.0", 24)]
    [InlineData("198.18.77.3", 8, "198.18.0.0", 16)]
    [InlineData("198.18.77.3", 32, "198.18.77.3", 32)]
    public void Around_NarrowsWideSubnetsToASixteen(string address, int prefix, string network, int expectedPrefix)
    {
        Assert.Equal(new Ipv4Subnet(Ip(network), expectedPrefix), Ipv4Subnet.Around(Ip(address), prefix));
    }

    [Fact]
    public void Matches_AgreesWithCarpDigestForEveryCandidate()
    {
        HmacSha1 key = CarpDigest.Key("pw"u8);
        byte[] frame = Carp("198.18.0.1", 7, "pw", "198.18.0.100", 42);
        Span<byte> expected = stackalloc byte[20];
        for (uint last = 0; last < 256; last++)
        {
            uint vip = Ip("198.18.0.0") + last;
            bool reference = new CarpDigest("pw"u8, 7, vip).Verify(frame.AsSpan(34), expected);
            Assert.Equal(reference, CarpDigest.Matches(key, vip, frame.AsSpan(34)));
            Assert.Equal(last == 100, reference);
        }
    }

    private VipDiscovery Discovery(string password, Ipv4Subnet subnet) =>
        new(CarpDigest.Key(Encoding.UTF8.GetBytes(password)), [subnet], _time);

    private static byte[] HeaderOf(FrameVector vector) => Convert.FromHexString(vector.Hex)[34..];
}
