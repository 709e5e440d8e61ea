using System.Net;
using Tmds.Linux;
using Ucarp.Cli.Linux;
using static Tmds.Linux.LibC;

namespace Ucarp.Tests.Network;

[Trait("Category", "Privileged")]
public sealed class CarpPacketSocketTests : IDisposable
{
    // Debian ucarp 1.5.2, vhid 7, srcip 198.18.0.1 (Ucarp.Tests/Vectors/ucarp-1.5.2-frames.json, "default").
    private const string CarpFrameHex = "01005e00001200005e0000070800451000380ea54000ff70c67ac6120001e0000012210700070001c1cbeb31bfa82a3bc4735e5b9efcc8e89c52f5c585e1efeab785d1e92c06";
    private const string ArpFrameHex = "ffffffffffff02000000000108060001080006040001020000000001c6120064020000000001c6120064";
    private const byte Vhid = 7;

    private readonly TestNetwork? _network;
    private readonly TestHost? _sender;
    private readonly TestHost? _receiver;

    public CarpPacketSocketTests()
    {
        if (TestNetwork.IsRoot)
        {
            _network = TestNetwork.Create(hosts: 2);
            _sender = _network.Hosts[0];     // 198.18.0.1, the vector's source
            _receiver = _network.Hosts[1];   // 198.18.0.2
        }
    }

    public void Dispose() => _network?.Dispose();

    [Fact]
    public void Receive_PeerAdvertisement_ArrivesWhole()
    {
        Assert.SkipUnless(TestNetwork.IsRoot, "needs root for network namespaces");
        using CarpPacketSocket receiver = OpenOn(_receiver!, Vhid);
        using CarpPacketSocket sender = OpenOn(_sender!, Vhid);
        byte[] frame = Convert.FromHexString(CarpFrameHex);

        Assert.Equal(0, sender.Send(frame));

        Assert.Equal([frame], ReceiveAll(receiver));
    }

    [Fact]
    public void ReceiveBatch_ManyQueuedFrames_ComeInBatchesOfCapacityInOrder()
    {
        Assert.SkipUnless(TestNetwork.IsRoot, "needs root for network namespaces");
        using CarpPacketSocket receiver = OpenOn(_receiver!, Vhid);
        using CarpPacketSocket sender = OpenOn(_sender!, Vhid);
        using var batch = new FrameBatch(capacity: 32, frameSize: 128);
        byte[] frame = Convert.FromHexString(CarpFrameHex);
        for (int i = 0; i < 40; i++)
        {
            Assert.Equal(0, sender.Send(Patch(frame, 18, (byte)i)));   // IP id: tells the frames apart
        }
        // Readable means the first frame is in, not the fortieth: the bridge may still be forwarding.
        Assert.True(WaitUntilQueued(receiver, 40));

        var received = new List<byte[]>();
        int first = receiver.Receive(batch);
        for (int i = 0; i < first; i++)
        {
            received.Add(batch.Frame(i).ToArray());
        }
        int second = receiver.Receive(batch);
        for (int i = 0; i < second; i++)
        {
            received.Add(batch.Frame(i).ToArray());
        }

        Assert.Equal((32, 8, 0), (first, second, receiver.Receive(batch)));
        Assert.Equal(Enumerable.Range(0, 40).Select(i => (byte)i), received.Select(f => f[18]));
        Assert.All(received, f => Assert.Equal(frame.Length, f.Length));
    }

    [Fact]
    public void ReceiveBatch_FrameLeftQueued_ReportsItsTimeInTheQueue()
    {
        Assert.SkipUnless(TestNetwork.IsRoot, "needs root for network namespaces");
        using CarpPacketSocket receiver = OpenOn(_receiver!, Vhid);
        using CarpPacketSocket sender = OpenOn(_sender!, Vhid);
        using var batch = new FrameBatch(capacity: 4, frameSize: 128);
        DateTime beforeSend = DateTime.UtcNow;
        Assert.Equal(0, sender.Send(Convert.FromHexString(CarpFrameHex)));
        Assert.True(WaitUntilQueued(receiver, 1));
        DateTime queuedBy = DateTime.UtcNow;
        Thread.Sleep(100);

        Assert.Equal(1, receiver.Receive(batch));
        DateTime now = DateTime.UtcNow;
        TimeSpan queued = batch.QueuedFor(0, now);

        // The kernel stamped it on arrival: after it was sent, before it was seen queued.
        Assert.InRange(queued, now - queuedBy, now - beforeSend);
    }

    [Fact]
    public void SendAndReceive_SteadyState_AllocateNothing()
    {
        Assert.SkipUnless(TestNetwork.IsRoot, "needs root for network namespaces");
        using CarpPacketSocket receiver = OpenOn(_receiver!, Vhid);
        using CarpPacketSocket sender = OpenOn(_sender!, Vhid);
        using var batch = new FrameBatch(capacity: 4, frameSize: 128);
        Span<byte> single = stackalloc byte[128];
        // Warm-up: the first calls may JIT and cache what they need; the loop's steady state is what counts.
        _ = receiver.Receive(batch);
        _ = receiver.Receive(single);
        byte[] frame = Convert.FromHexString(CarpFrameHex);
        Assert.Equal(0, sender.Send(frame));
        Assert.True(WaitUntilQueued(receiver, 1));

        long before = GC.GetAllocatedBytesForCurrentThread();
        int sent = 0;
        for (int i = 0; i < 5; i++)
        {
            sent += sender.Send(frame) == 0 ? 1 : 0;
        }
        long sendAllocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(WaitUntilQueued(receiver, 5));   // counts since the last wait: the 5 just sent

        before = GC.GetAllocatedBytesForCurrentThread();
        int batched = receiver.Receive(batch);
        int singleLength = receiver.Receive(single);
        batched += receiver.Receive(batch);
        int empty = receiver.Receive(batch) + receiver.Receive(single);
        long receiveAllocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal((5, 5, frame.Length, 0), (sent, batched, singleLength, empty));
        Assert.Equal((0L, 0L), (sendAllocated, receiveAllocated));
    }

    [Fact]
    public void Receive_KernelFilter_DropsOtherVhidOwnSourceOtherProtocolAndArp()
    {
        Assert.SkipUnless(TestNetwork.IsRoot, "needs root for network namespaces");
        using CarpPacketSocket receiver = OpenOn(_receiver!, Vhid);
        using CarpPacketSocket otherGroup = OpenOn(_receiver!, 8);
        using CarpPacketSocket sender = OpenOn(_sender!, Vhid);
        byte[] good = Convert.FromHexString(CarpFrameHex);

        byte[] otherVhid = Patch(good, 35, 8);
        byte[] ownSource = Patch(good, 29, 2);          // IP source 198.18.0.2 = the receiver's --srcip
        byte[] udp = Patch(good, 23, 17);
        byte[] longerIpHeader = LongerIpHeader(good);     // IHL 6: the vhid moves 4 bytes on
        byte[] arp = Convert.FromHexString(ArpFrameHex);
        foreach (byte[] frame in (byte[][])[otherVhid, ownSource, udp, arp, Patch(longerIpHeader, 39, 8), longerIpHeader, good])
        {
            Assert.Equal(0, sender.Send(frame));
        }

        // Frames arrive in order: once the last good one is in, every dropped one would have been too.
        Assert.Equal([longerIpHeader, good], ReceiveAll(receiver, expected: 2));
        // Control: the same host does receive the vhid-8 frames, on a socket filtered for vhid 8.
        Assert.Equal([otherVhid, Patch(longerIpHeader, 39, 8)], ReceiveAll(otherGroup, expected: 2));
    }

    [Fact]
    public void Receive_Ipv6KernelFilter_DropsOtherVhidOwnSourceIcmpv6AndIpv4()
    {
        Assert.SkipUnless(TestNetwork.IsRoot, "needs root for network namespaces");
        // --srcip 2001:db8::2 on the receiver; the filter ignores which addresses eth0 has.
        using CarpPacketSocket receiver = TestNetwork.RunInNamespace(_receiver!.Namespace,
            () => CarpPacketSocket.Open(IfIndex(), Vhid, IPAddress.Parse("2001:db8::2")));
        using CarpPacketSocket sender = TestNetwork.RunInNamespace(_sender!.Namespace,
            () => CarpPacketSocket.Open(IfIndex(), Vhid, IPAddress.Parse("2001:db8::1")));
        byte[] good = Ucarp.Tests.Packets.Ipv6FrameVector.All[0].Frame;   // 2001:db8::1 to ff02::12, vhid 7

        byte[] ownSource = Patch(good, 14 + 8 + 15, 2);                   // source 2001:db8::2 = the receiver's --srcip
        byte[] firstWordDiffers = Patch(ownSource, 14 + 8, 0x21);         // 2101:db8::2: only the last three words match
        foreach (byte[] frame in (byte[][])[Patch(good, 14 + 40 + 1, 8), ownSource, Patch(good, 14 + 6, 58),
            Convert.FromHexString(CarpFrameHex), firstWordDiffers, good])
        {
            Assert.Equal(0, sender.Send(frame));
        }

        Assert.Equal([firstWordDiffers, good], ReceiveAll(receiver, expected: 2));
    }

    // --instances: one socket for many vhids, each dropping only its own --srcip; with 102 of them the
    // program is far longer than a classic BPF jump reaches.
    [Fact]
    public void Receive_SeveralInstancesFilter_EveryConfiguredVhidEachWithItsOwnSource()
    {
        Assert.SkipUnless(TestNetwork.IsRoot, "needs root for network namespaces");
        IPAddress second = IPAddress.Parse("198.18.0.2"), third = IPAddress.Parse("198.18.0.3");
        (byte, IPAddress)[] instances = [(Vhid, second), (9, third), .. Enumerable.Range(100, 100).Select(v => ((byte)v, second))];
        using CarpPacketSocket receiver = TestNetwork.RunInNamespace(_receiver!.Namespace, () => CarpPacketSocket.Open(IfIndex(), instances));
        using CarpPacketSocket sender = OpenOn(_sender!, Vhid);
        byte[] good = Convert.FromHexString(CarpFrameHex);

        byte[] nineFromSecond = Patch(Patch(good, 35, 9), 29, 2);   // vhid 9's --srcip is .3: a peer's frame to it
        byte[] last = Patch(good, 35, 199);
        byte[] longerIpHeader = LongerIpHeader(good);
        foreach (byte[] frame in (byte[][])[Patch(good, 35, 8), Patch(good, 29, 2), nineFromSecond, Patch(nineFromSecond, 29, 3),
            Patch(good, 23, 17), Convert.FromHexString(ArpFrameHex), last, Patch(longerIpHeader, 39, 8), longerIpHeader, good])
        {
            Assert.Equal(0, sender.Send(frame));
        }

        Assert.Equal([nineFromSecond, last, longerIpHeader, good], ReceiveAll(receiver, expected: 4));
    }

    [Fact]
    public void Receive_SeveralInstancesIpv6Filter_EveryConfiguredVhidEachWithItsOwnSource()
    {
        Assert.SkipUnless(TestNetwork.IsRoot, "needs root for network namespaces");
        (byte, IPAddress)[] instances = [(Vhid, IPAddress.Parse("2001:db8::2")), (9, IPAddress.Parse("2001:db8::3"))];
        using CarpPacketSocket receiver = TestNetwork.RunInNamespace(_receiver!.Namespace, () => CarpPacketSocket.Open(IfIndex(), instances));
        using CarpPacketSocket sender = TestNetwork.RunInNamespace(_sender!.Namespace,
            () => CarpPacketSocket.Open(IfIndex(), Vhid, IPAddress.Parse("2001:db8::1")));
        byte[] good = Ucarp.Tests.Packets.Ipv6FrameVector.All[0].Frame;   // 2001:db8::1 to ff02::12, vhid 7

        byte[] ownSource = Patch(good, 14 + 8 + 15, 2);
        byte[] nineFromSecond = Patch(ownSource, 14 + 40 + 1, 9);
        byte[] firstWordDiffers = Patch(ownSource, 14 + 8, 0x21);
        foreach (byte[] frame in (byte[][])[Patch(good, 14 + 40 + 1, 8), ownSource, nineFromSecond, Patch(nineFromSecond, 14 + 8 + 15, 3),
            Convert.FromHexString(CarpFrameHex), firstWordDiffers, good])
        {
            Assert.Equal(0, sender.Send(frame));
        }

        Assert.Equal([nineFromSecond, firstWordDiffers, good], ReceiveAll(receiver, expected: 3));
    }

    [Fact]
    public void Receive_OwnOutgoingFrames_AreNotLoopedBack()
    {
        Assert.SkipUnless(TestNetwork.IsRoot, "needs root for network namespaces");
        // Opened with another --srcip so only the PACKET_OUTGOING check can drop the frame.
        using CarpPacketSocket socket = TestNetwork.RunInNamespace(_sender!.Namespace,
            () => CarpPacketSocket.Open(IfIndex(), Vhid, IPAddress.Parse("198.18.0.9")));
        Assert.Equal(0, socket.Send(Convert.FromHexString(CarpFrameHex)));
        Span<PollFd> fds = [new PollFd(socket.Fd, PollEvents.In)];
        Assert.Equal(0, Poller.Wait(fds, TimeSpan.FromMilliseconds(200)));
        Assert.Equal(0, socket.Receive(new byte[1500]));
    }

    [Fact]
    public void Send_Errors_ReturnErrno()
    {
        Assert.SkipUnless(TestNetwork.IsRoot, "needs root for network namespaces");
        using CarpPacketSocket socket = OpenOn(_sender!, Vhid);
        Assert.Equal(EINVAL, socket.Send(new byte[10]));
        Assert.Equal(EMSGSIZE, socket.Send(Patch(new byte[3000], 12, 0x08)));

        TestNetwork.Exec(_sender!.Namespace, "ip link set eth0 down").EnsureSuccess("link down");
        Assert.Equal(ENETDOWN, socket.Send(Convert.FromHexString(CarpFrameHex)));
    }

    [Fact]
    public void Receive_SmallBuffer_TruncatesWithoutError()
    {
        Assert.SkipUnless(TestNetwork.IsRoot, "needs root for network namespaces");
        using CarpPacketSocket receiver = OpenOn(_receiver!, Vhid);
        using CarpPacketSocket sender = OpenOn(_sender!, Vhid);
        Assert.Equal(0, sender.Send(Convert.FromHexString(CarpFrameHex)));
        Span<PollFd> fds = [new PollFd(receiver.Fd, PollEvents.In)];
        Assert.Equal(1, Poller.Wait(fds, TimeSpan.FromSeconds(5)));
        Assert.Equal(20, receiver.Receive(new byte[20]));
        Assert.Equal(0, receiver.Receive(new byte[1500]));
    }

    [Fact]
    public void Join_Group_ShowsInIgmpMemberships()
    {
        Assert.SkipUnless(TestNetwork.IsRoot, "needs root for network namespaces");
        using MulticastMembership membership = TestNetwork.RunInNamespace(_receiver!.Namespace,
            () => MulticastMembership.Join(IPAddress.Parse("224.0.0.18"), _receiver.Address));
        // /proc/net/igmp prints groups as the raw little-endian word: 224.0.0.18 -> 120000E0.
        Assert.Contains("120000E0", TestNetwork.Exec(_receiver.Namespace, "cat /proc/net/igmp").Stdout, StringComparison.Ordinal);
    }

    // PACKET_STATISTICS (linux/if_packet.h, struct tpacket_stats): the frames the kernel has queued on
    // the socket, plus any it dropped (the order check would catch those). Each read resets the counts.
    private static unsafe bool WaitUntilQueued(CarpPacketSocket socket, int count)
    {
        const int SOL_PACKET = 263;
        const int PACKET_STATISTICS = 6;
        uint queued = 0;
        return UcarpCluster.WaitUntil(() =>
        {
            uint* stats = stackalloc uint[2];
            socklen_t length = 2 * sizeof(uint);
            Assert.Equal(0, getsockopt(socket.Fd, SOL_PACKET, PACKET_STATISTICS, stats, &length));
            queued += stats[0];
            return queued >= count;
        }, TimeSpan.FromSeconds(20));   // generous: softirq work is what a loaded machine delays
    }

    private static CarpPacketSocket OpenOn(TestHost host, byte vhid) =>
        TestNetwork.RunInNamespace(host.Namespace, () => CarpPacketSocket.Open(IfIndex(), vhid, host.Address));

    private static int IfIndex() => NetDevice.Query("eth0").Index;

    private static List<byte[]> ReceiveAll(CarpPacketSocket socket, int expected = 1)
    {
        var frames = new List<byte[]>();
        byte[] buffer = new byte[2048];
        Span<PollFd> fds = [new PollFd(socket.Fd, PollEvents.In)];
        while (frames.Count < expected && Poller.Wait(fds, TimeSpan.FromSeconds(5)) > 0)
        {
            int length;
            while ((length = socket.Receive(buffer)) > 0)
            {
                frames.Add(buffer[..length]);
            }
        }
        // Anything else queued would be a frame the filter should have dropped.
        _ = Poller.Wait(fds, TimeSpan.FromMilliseconds(100));
        int extra;
        while ((extra = socket.Receive(buffer)) > 0)
        {
            frames.Add(buffer[..extra]);
        }
        return frames;
    }

    // A patched copy with a correct IP header checksum again: with br_netfilter loaded the bridge drops
    // IP packets whose header checksum is wrong, and the test must prove our filter drops them, not that.
    private static byte[] Patch(byte[] frame, int offset, byte value)
    {
        byte[] copy = (byte[])frame.Clone();
        copy[offset] = value;
        FixIpChecksum(copy);
        return copy;
    }

    private static void FixIpChecksum(byte[] frame)
    {
        if (frame.Length < 34 || frame[12] != 0x08 || frame[13] != 0x00)
        {
            return;
        }
        int headerLength = (frame[14] & 0xf) * 4;
        frame[24] = 0;
        frame[25] = 0;
        uint sum = 0;
        for (int i = 14; i < 14 + headerLength; i += 2)
        {
            sum += (uint)(frame[i] << 8 | frame[i + 1]);
        }
        while (sum > 0xffff)
        {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        ushort checksum = (ushort)~sum;
        frame[24] = (byte)(checksum >> 8);
        frame[25] = (byte)checksum;
    }

    // The same advertisement with a 4-byte IP option (NOP x4) inserted: IHL 6, total length + 4.
    private static byte[] LongerIpHeader(byte[] frame)
    {
        byte[] longer = [.. frame[..34], 1, 1, 1, 1, .. frame[34..]];
        longer[14] = 0x46;
        longer[17] += 4;
        FixIpChecksum(longer);
        return longer;
    }
}
