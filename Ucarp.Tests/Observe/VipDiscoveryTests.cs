using System.Text;
using Microsoft.Extensions.Time.Testing;
using Ucarp.Protocol.Auth;
using Ucarp.Protocol.Observe;
using Ucarp.Protocol.Packets;
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

    [Theory]
    [InlineData("198.18.0.1", "198.18.200.7", 34)]
    [InlineData("2001:db8::1", "2001:db8::fffe", 54)]   // the last of the /64's searched addresses
    public void Check_NextAdvertsOfTheSameSource_UseTheCacheNotANewSearch(string source, string vip, int carpOffset)
    {
        var discovery = Discovery("pw", Ipv4Subnet.Around(Ip("198.18.0.1"), 16));

        for (ulong counter = 1; counter <= 50; counter++)
        {
            DigestCheck check = discovery.Check(Address(source), Carp(source, 7, "pw", vip, counter).AsSpan(carpOffset));
            Assert.Equal(new DigestCheck(DigestStatus.Ok, Address(vip)), check);
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
    public void Check_FloodOfSourcesWithAnotherPassword_SearchesWithinTheBudgetAndARealSourceServedInTurn()
    {
        var discovery = Discovery("pw", Ipv4Subnet.Around(Ip("198.18.0.1"), 16));
        for (int i = 1; i <= 20; i++)
        {
            string forger = $"198.18.9.{i}";
            _ = discovery.Check(Ip(forger), Carp(forger, 7, "other", "198.18.0.100", 1).AsSpan(34));
        }
        Assert.Equal(2, discovery.Searches);   // what two seconds of budget buy: two /16s; the others wait

        byte[] real = Carp("198.18.0.1", 7, "pw", "198.18.0.100", 1);
        DigestCheck check = discovery.Check(Ip("198.18.0.1"), real.AsSpan(34));
        Assert.Equal(DigestStatus.Pending, check.Status);
        int quarters = 0;
        while (check.Status == DigestStatus.Pending && quarters < 400)
        {
            _time.Advance(TimeSpan.FromMilliseconds(250));
            discovery.RunWaiting();
            check = discovery.Check(Ip("198.18.0.1"), real.AsSpan(34));
            quarters++;
        }

        Assert.Equal(new DigestCheck(DigestStatus.Ok, Ip("198.18.0.100")), check);
        // In turn: a slice of each of the 18 searches ahead of it (4 slices a quarter second), not 18 whole /16s.
        Assert.Equal(5, quarters);
        Assert.InRange(discovery.Hmacs, 1, 2 * VipDiscovery.DefaultHmacsPerSecond + quarters * VipDiscovery.DefaultHmacsPerSecond / 4 + quarters);
    }

    [Fact]
    public void Check_ForgedSourcesRetryingForAMinute_HmacsNeverAboveTheBudget()
    {
        const int PerSecond = 4096;
        var discovery = new VipDiscovery(CarpDigest.Key("pw"u8), [Ipv4Subnet.Around(Ip("198.18.0.1"), 16)], _time, hmacsPerSecond: PerSecond);
        for (int second = 1; second <= 60; second++)
        {
            for (int i = 1; i <= 100; i++)
            {
                string forger = $"198.18.9.{i}";
                _ = discovery.Check(Ip(forger), Carp(forger, 7, "other", "198.18.0.100", (ulong)second).AsSpan(34));
            }
            for (int quarter = 0; quarter < 4; quarter++)
            {
                _time.Advance(TimeSpan.FromMilliseconds(250));
                discovery.RunWaiting();
            }
            Assert.InRange(discovery.Hmacs, 0, 2 * PerSecond + second * PerSecond);
        }

        Assert.True(discovery.Hmacs > 58 * PerSecond, $"{discovery.Hmacs} HMACs: the budget should be spent");
        Assert.Equal(100, discovery.Waiting);
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

    public static TheoryData<int> Ipv6Vectors => [.. Enumerable.Range(0, Ipv6FrameVector.All.Count)];

    [Theory]
    [MemberData(nameof(Ipv6Vectors))]
    public void Check_Ipv6VectorWithGivenVip_Ok(int index)
    {
        Ipv6FrameVector vector = Ipv6FrameVector.All[index];
        var vip = new CarpAddress(vector.Vip, true);
        var discovery = new VipDiscovery(CarpDigest.Key(vector.Password), [], _time, vip);

        DigestCheck check = discovery.Check(new CarpAddress(vector.Source, true), Ipv6HeaderOf(vector));

        Assert.Equal(new DigestCheck(DigestStatus.Ok, vip), check);
    }

    [Fact]
    public void Check_Ipv6WithoutVip_FindsItAtTheStartOfTheSourcesSlash64()
    {
        Ipv6FrameVector vector = Ipv6FrameVector.All[0];   // from 2001:db8::1 for 2001:db8::100
        var discovery = new VipDiscovery(CarpDigest.Key(vector.Password), [], _time);

        DigestCheck check = discovery.Check(new CarpAddress(vector.Source, true), Ipv6HeaderOf(vector));

        Assert.Equal(new DigestCheck(DigestStatus.Ok, Address("2001:db8::100")), check);
    }

    [Fact]
    public void Check_Ipv6LinkLocalVipWithoutVip_OkAsLinkLocal()
    {
        Ipv6FrameVector vector = Ipv6FrameVector.All[1];   // from fe80::1 for fe80::100
        var discovery = new VipDiscovery(CarpDigest.Key(vector.Password), [], _time);

        DigestCheck check = discovery.Check(new CarpAddress(vector.Source, true), Ipv6HeaderOf(vector));

        Assert.Equal(new DigestCheck(DigestStatus.Ok, VipDiscovery.LinkLocal), check);
    }

    [Theory]
    [InlineData("pw", "2001:db8:1::5", "2001:db8::1:0")]   // beyond ::ffff of the source's /64
    [InlineData("pw", "2001:db8:1::5", "2001:db8:2::5")]   // another /64
    [InlineData("other", "2001:db8::5", "2001:db8::100")]
    public void Check_Ipv6VipNotFoundOrOtherPassword_Bad(string password, string source, string vip)
    {
        byte[] frame = Carp(source, 7, password, vip, 1);
        var discovery = new VipDiscovery(CarpDigest.Key("pw"u8), [], _time);

        DigestCheck check = discovery.Check(Address(source), frame.AsSpan(54));

        Assert.Equal(new DigestCheck(DigestStatus.Bad, default), check);
    }

    [Fact]
    public void Matches_Ipv6AgreesWithTheDigestOurIpv6WireSends()
    {
        HmacSha1 key = CarpDigest.Key("pw"u8);
        Span<byte> expected = stackalloc byte[20];
        foreach (string vip in new[] { "2001:db8::100", "fe80::100" })
        {
            byte[] frame = Carp("2001:db8::1", 7, "pw", vip, 42);
            for (uint last = 0; last < 512; last++)
            {
                var candidate = new CarpAddress(Address(vip).Value - 0x100 + last, true);
                bool reference = CarpDigest.ForIpv6("pw"u8, 7, candidate.Value, linkLocalIncluded: false).Verify(frame.AsSpan(54), expected);
                Assert.Equal(reference, CarpDigest.Matches(key, candidate, frame.AsSpan(54)));
                Assert.Equal(last == 0x100 || candidate.IsLinkLocal, reference);
            }
        }
    }

    private VipDiscovery Discovery(string password, Ipv4Subnet subnet) =>
        new(CarpDigest.Key(Encoding.UTF8.GetBytes(password)), [subnet], _time);

    private static byte[] Ipv6HeaderOf(Ipv6FrameVector vector) => vector.Frame[54..];

    private static byte[] HeaderOf(FrameVector vector) => Convert.FromHexString(vector.Hex)[34..];
}
