using Ucarp.Cli.Daemon;

namespace Ucarp.Tests.Daemon;

/// <summary>--instances: a frame goes to the instance of its vhid, read where the kernel filter reads it.</summary>
public class FrameDispatchTests
{
    // Ethernet (14 bytes) + an IPv4 header of ihlWords 32-bit words + the first bytes of a CARP header.
    private static byte[] Ipv4Frame(int ihlWords, byte vhid)
    {
        byte[] frame = new byte[14 + (4 * ihlWords) + 36];
        frame[12] = 0x08;
        frame[14] = (byte)(0x40 | ihlWords);
        frame[14 + (4 * ihlWords)] = 0x21;
        frame[14 + (4 * ihlWords) + 1] = vhid;
        return frame;
    }

    private static FrameDispatch<string> Dispatch(bool ipv6)
    {
        var dispatch = new FrameDispatch<string>(ipv6);
        dispatch.Add(1, "one");
        dispatch.Add(3, "three");
        dispatch.Add(255, "last");
        return dispatch;
    }

    [Theory]
    [InlineData(5, 3, "three")]
    [InlineData(6, 1, "one")]     // IP options: the vhid moves with the header length, as in the filter
    [InlineData(15, 255, "last")]
    [InlineData(5, 2, null)]      // no instance has it
    public void Route_Ipv4_ByTheVhidAfterTheIpHeader(int ihlWords, byte vhid, string? expected) =>
        Assert.Equal(expected, Dispatch(ipv6: false).Route(Ipv4Frame(ihlWords, vhid)));

    [Fact]
    public void Route_Ipv6_ByTheVhidAfterTheFixedHeader()
    {
        byte[] frame = new byte[14 + 40 + 36];
        frame[14 + 40 + 1] = 3;
        Assert.Equal("three", Dispatch(ipv6: true).Route(frame));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(14)]
    [InlineData(35)]   // ends right before the vhid
    public void Route_TooShortToHoldTheVhid_Nobody(int length) =>
        Assert.Null(Dispatch(ipv6: false).Route(Ipv4Frame(5, 3).AsSpan(0, length)));

    [Fact]
    public void Add_SameVhidTwice_Refused() =>
        Assert.Throws<ArgumentException>(() => Dispatch(ipv6: false).Add(3, "again"));
}
