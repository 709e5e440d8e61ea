using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Tmds.Linux;
using static Tmds.Linux.LibC;
using static Ucarp.Cli.Interop.Libc;

namespace Ucarp.Cli.Linux;

/// <summary>
/// The AF_PACKET socket that receives our group's advertisements and sends whole Ethernet frames
/// (advertisements and gratuitous ARPs or Neighbor Advertisements). It hears one family: the one of --srcip.
///
/// The descriptor is owned by a FileDescriptorHandle rather than wrapped in a BCL Socket: the daemon polls
/// the descriptor itself with ppoll, so Socket's async engine buys nothing, while its send/receive report
/// SocketError instead of errno (ENXIO, ENETDOWN and ENOBUFS collapse or change meaning), and Send has
/// to hand the errno to the engine's "3 failed sends" rule and to the log unchanged.
/// </summary>
internal sealed class CarpPacketSocket : IDisposable
{
    private readonly FileDescriptorHandle _handle;
    private readonly int _ifIndex;

    private CarpPacketSocket(FileDescriptorHandle handle, int ifIndex)
    {
        _handle = handle;
        _ifIndex = ifIndex;
    }

    /// <summary>Room for a few queued adverts per vhid, at the truesize a small frame takes in the queue.</summary>
    private const int ReceiveBufferPerInstance = 4 * 4096;

    /// <summary>Descriptor for Poller; readable when an accepted frame is queued.</summary>
    public int Fd => _handle.Fd;

    public int InterfaceIndex => _ifIndex;

    public static CarpPacketSocket Open(int ifIndex, byte vhid, IPAddress sourceAddress) =>
        Open(ifIndex, CarpFilter.Build(vhid, sourceAddress),
            sourceAddress.AddressFamily == AddressFamily.InterNetworkV6 ? ETH_P_IPV6 : ETH_P_IP, allMulticast: false, timestamps: true);

    /// <summary>
    /// --instances: every (vhid, --srcip) of the instances on this interface with one family (CarpFilter).
    /// The masters' timers run in step, so their adverts arrive in bursts of one per vhid: the default
    /// receive buffer (net.core.rmem_default) holds only about 64 of them and would drop the rest.
    /// </summary>
    public static CarpPacketSocket Open(int ifIndex, IReadOnlyList<(byte Vhid, IPAddress Source)> instances) =>
        Open(ifIndex, CarpFilter.Build(instances),
            instances[0].Source.AddressFamily == AddressFamily.InterNetworkV6 ? ETH_P_IPV6 : ETH_P_IP, allMulticast: false, timestamps: true,
            receiveBuffer: instances.Count > 1 ? instances.Count * ReceiveBufferPerInstance : 0);

    /// <summary>
    /// For --observe: every protocol-112 frame on the interface, including those this host sends
    /// (only an ETH_P_ALL socket sees outgoing frames), and every multicast group without joining one,
    /// so the observer sends no IGMP report either. Receive only: Send is never called on it.
    /// </summary>
    public static CarpPacketSocket OpenObserver(int ifIndex) =>
        Open(ifIndex, CarpFilter.BuildObserver(), ETH_P_ALL, allMulticast: true, timestamps: false);

    /// <param name="timestamps">
    /// SO_TIMESTAMPNS: each frame comes with the time the kernel received it (<see cref="FrameBatch.QueuedFor"/>),
    /// so the master-down timer runs from the advertisement's arrival, not from when the daemon got to read it.
    /// </param>
    private static unsafe CarpPacketSocket Open(int ifIndex, sock_filter[] program, ushort protocol, bool allMulticast, bool timestamps, int receiveBuffer = 0)
    {
        // Protocol 0: the socket hears nothing until bind names a protocol, so no frame can be queued
        // before the filter is attached. The drain below is then only a safety net.
        using FileDescriptorHandle handle = FileDescriptorHandle.Open(socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, 0), "socket");
        fixed (sock_filter* instructions = program)
        {
            var fprog = new sock_fprog { len = (ushort)program.Length, filter = instructions };
            _ = Errno.Check(setsockopt(handle.Fd, SOL_SOCKET, SO_ATTACH_FILTER, &fprog, (uint)sizeof(sock_fprog)),
                "setsockopt(SO_ATTACH_FILTER)");
        }
        var address = new sockaddr_ll
        {
            sll_family = (ushort)AF_PACKET,
            sll_protocol = htons(protocol),
            sll_ifindex = ifIndex,
        };
        _ = Errno.Check(bind(handle.Fd, (sockaddr*)&address, (uint)sizeof(sockaddr_ll)), "bind");
        // SO_RCVBUFFORCE (CAP_NET_ADMIN) may pass net.core.rmem_max; without the capability, SO_RCVBUF up to it.
        if (receiveBuffer > 0 && setsockopt(handle.Fd, SOL_SOCKET, SO_RCVBUFFORCE, &receiveBuffer, sizeof(int)) != 0)
        {
            _ = Errno.Check(setsockopt(handle.Fd, SOL_SOCKET, SO_RCVBUF, &receiveBuffer, sizeof(int)), "setsockopt(SO_RCVBUF)");
        }
        if (timestamps)
        {
            int on = 1;
            _ = Errno.Check(setsockopt(handle.Fd, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof(int)), "setsockopt(SO_TIMESTAMPNS)");
        }
        if (allMulticast)
        {
            var membership = new packet_mreq { mr_ifindex = ifIndex, mr_type = (ushort)PACKET_MR_ALLMULTI };
            _ = Errno.Check(setsockopt(handle.Fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &membership, (uint)sizeof(packet_mreq)),
                "setsockopt(PACKET_ADD_MEMBERSHIP)");
        }
        Drain(handle.Fd);
        return new CarpPacketSocket(handle.HandOver(), ifIndex);
    }

    /// <summary>
    /// Copies one whole Ethernet frame into `frame` and returns its length (cut to frame.Length), or 0
    /// when nothing is queued. Never allocates on the normal paths.
    /// </summary>
    public int Receive(Span<byte> frame)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        return Receive(Fd, frame);
    }

    private static unsafe int Receive(int fd, Span<byte> frame)
    {
        fixed (byte* buffer = frame)
        {
            long received = Errno.Retry((fd, (nint)buffer, frame.Length),
                static (in (int Fd, nint Buffer, int Length) s) => recv(s.Fd, (void*)s.Buffer, (size_t)(uint)s.Length, 0),
                out int errno);
            return Received(received, errno, "recv");
        }
    }

    /// <summary>
    /// Receives up to batch.Capacity queued frames with one system call; returns how many (0 when
    /// none is queued). Never allocates.
    /// </summary>
    public unsafe int Receive(FrameBatch batch)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        // Pointers, not the FrameBatch: a delegate over (int, FrameBatch) made the runtime type loader part of the binary.
        long received = Errno.Retry((Fd, (nint)batch.PrepareHeaders(), batch.Capacity),
            static (in (int Fd, nint Headers, int Capacity) s) => recvmmsg(s.Fd, (mmsghdr*)s.Headers, (uint)s.Capacity, 0, null),
            out int errno);
        return Received(received, errno, "recvmmsg");
    }

    /// <summary>
    /// What a receive returned, or 0 when nothing is queued. ENETDOWN is the one-shot error the kernel posts
    /// on the socket when the link goes down (it also makes poll report POLLERR); reading it clears it, and
    /// link state is LinkMonitor's job. Anything else throws.
    /// </summary>
    private static int Received(long result, int errno, string call)
    {
        if (result >= 0)
        {
            return (int)result;
        }
        if (errno != EAGAIN && errno != ENETDOWN)
        {
            Errno.Throw(call, errno);
        }
        return 0;
    }

    /// <summary>
    /// Sends one whole Ethernet frame (header included) out of the bound interface. Returns 0 or the errno.
    /// </summary>
    public unsafe int Send(ReadOnlySpan<byte> frame)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        if (frame.Length < ETH_HLEN)
        {
            return EINVAL;
        }
        var address = new sockaddr_ll
        {
            sll_family = (ushort)AF_PACKET,
            // The frame's own EtherType, kept in network order, becomes skb->protocol.
            sll_protocol = MemoryMarshal.Read<ushort>(frame[12..]),
            sll_ifindex = _ifIndex,
            sll_halen = ETH_ALEN,
        };
        frame[..ETH_ALEN].CopyTo(new Span<byte>(address.sll_addr, ETH_ALEN));
        return SocketSend.SendTo(Fd, frame, (sockaddr*)&address, (uint)sizeof(sockaddr_ll));
    }

    public void Dispose() => _handle.Dispose();

    private static void Drain(int fd)
    {
        Span<byte> discard = stackalloc byte[64];
        while (Receive(fd, discard) > 0)
        {
        }
    }
}
