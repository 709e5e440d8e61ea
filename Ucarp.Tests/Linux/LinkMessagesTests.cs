using System.Buffers.Binary;
using Ucarp.Cli.Linux;

namespace Ucarp.Tests.Linux;

public class LinkMessagesTests
{
    private const ushort NewLink = 16;
    private const ushort DelLink = 17;

    [Fact]
    public void TryReadNext_NewLinkRunning_ReturnsEvent()
    {
        byte[] datagram = Message(NewLink, family: 0, index: 5, flags: 0x1 | 0x40);
        int offset = 0;
        Assert.True(LinkMessages.TryReadNext(datagram, ref offset, out LinkEvent e));
        Assert.Equal(new LinkEvent(5, IsUp: true, IsRunning: true, Removed: false), e);
        Assert.Equal(datagram.Length, offset);
    }

    [Fact]
    public void TryReadNext_SeveralMessages_ReturnsEachInOrder()
    {
        byte[] datagram = [.. Message(NewLink, 0, 3, 0x1), .. Message(3 /* NLMSG_DONE */, 0, 0, 0), .. Message(DelLink, 0, 4, 0)];
        int offset = 0;
        var events = new List<LinkEvent>();
        while (offset < datagram.Length)
        {
            if (LinkMessages.TryReadNext(datagram, ref offset, out LinkEvent e))
            {
                events.Add(e);
            }
        }
        Assert.Equal([new LinkEvent(3, true, false, false), new LinkEvent(4, false, false, true)], events);
    }

    [Fact]
    public void TryReadNext_BridgeFamilyDelLink_IsNotARemoval()
    {
        byte[] datagram = Message(DelLink, family: 7 /* AF_BRIDGE */, index: 5, flags: 0);
        int offset = 0;
        Assert.False(LinkMessages.TryReadNext(datagram, ref offset, out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(15)]
    [InlineData(0xffffffff)]
    [InlineData(41)]
    public void TryReadNext_BrokenLength_StopsWithoutThrowing(uint length)
    {
        byte[] datagram = Message(NewLink, 0, 5, 0x41);
        BinaryPrimitives.WriteUInt32LittleEndian(datagram, length);
        int offset = 0;
        Assert.False(LinkMessages.TryReadNext(datagram, ref offset, out _));
        Assert.Equal(datagram.Length, offset);
    }

    [Fact]
    public void TryReadNext_HeaderOnlyLinkMessage_IsSkipped()
    {
        byte[] datagram = Message(NewLink, 0, 5, 0x41);
        BinaryPrimitives.WriteUInt32LittleEndian(datagram, 16);
        int offset = 0;
        Assert.False(LinkMessages.TryReadNext(datagram, ref offset, out _));
        Assert.Equal(16, offset);
    }

    [Fact]
    public void TryReadNext_RandomBytes_NeverThrows()
    {
        var random = new Random(1234);
        byte[] datagram = new byte[256];
        for (int round = 0; round < 2000; round++)
        {
            random.NextBytes(datagram);
            int length = random.Next(datagram.Length + 1);
            int offset = 0;
            int guard = 0;
            while (offset < length && guard++ < 100)
            {
                _ = LinkMessages.TryReadNext(datagram.AsSpan(0, length), ref offset, out _);
            }
            Assert.True(offset >= length);
        }
    }

    [Fact]
    public void TryReadNext_OffsetPastEnd_ReturnsFalse()
    {
        int offset = 100;
        Assert.False(LinkMessages.TryReadNext(new byte[8], ref offset, out _));
        Assert.Equal(8, offset);
    }

    // nlmsghdr (16) + ifinfomsg (16) + one 8-byte attribute, host (little-endian) order.
    private static byte[] Message(ushort type, byte family, int index, uint flags)
    {
        byte[] m = new byte[40];
        BinaryPrimitives.WriteUInt32LittleEndian(m, (uint)m.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(m.AsSpan(4), type);
        m[16] = family;
        BinaryPrimitives.WriteInt32LittleEndian(m.AsSpan(20), index);
        BinaryPrimitives.WriteUInt32LittleEndian(m.AsSpan(24), flags);
        BinaryPrimitives.WriteUInt16LittleEndian(m.AsSpan(32), 8);
        return m;
    }
}
