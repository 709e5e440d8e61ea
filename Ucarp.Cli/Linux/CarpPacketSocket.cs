using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Tmds.Linux;
using static Tmds.Linux.LibC;
using static Ucarp.Cli.Interop.Libc;

namespace Ucarp.Cli.Linux;

// The AF_PACKET socket that receives our group's advertisements and sends whole Ethernet frames
// (advertisements and gratuitous ARPs or Neighbor Advertisements). It hears one family: the one of --srcip.
//
// The descriptor is owned by a FileDescriptorHandle rather than wrapped in a BCL Socket: the daemon polls
// the descriptor itself with ppoll, so Socket's async engine buys nothing, while its send/receive report
// SocketError instead of errno (ENXIO, ENETDOWN and ENOBUFS collapse or change meaning), and Send has
// to hand the errno to the engine's "3 failed sends" rule and to the log unchanged.
internal sealed class CarpPacketSocket : IDisposable
{
    private readonly FileDescriptorHandle _handle;
    private readonly int _ifIndex;

    private CarpPacketSocket(FileDescriptorHandle handle, int ifIndex)
    {
        _handle = handle;
        _ifIndex = ifIndex;
    }

    // Descriptor for Poller; readable when an accepted frame is queued.
    internal int Fd => _handle.Fd;

    internal static CarpPacketSocket Open(int ifIndex, byte vhid, IPAddress sourceAddress) =>
        Open(ifIndex, CarpFilter.Build(vhid, sourceAddress),
            sourceAddress.AddressFamily == AddressFamily.InterNetworkV6 ? ETH_P_IPV6 : ETH_P_IP);

    // --instances: every (vhid, --srcip) of the instances on this interface with one family (CarpFilter).
    // The masters' timers run in step, so their adverts arrive in bursts of one per vhid: the default
    // receive buffer (net.core.rmem_default) holds only about 64 of them and would drop the rest.
    internal static unsafe CarpPacketSocket Open(int ifIndex, IReadOnlyList<(byte Vhid, IPAddress Source)> instances)
    {
        CarpPacketSocket socket = Open(ifIndex, CarpFilter.Build(instances),
            instances[0].Source.AddressFamily == AddressFamily.InterNetworkV6 ? ETH_P_IPV6 : ETH_P_IP);
        if (instances.Count == 1)
        {
            return socket;
        }
        // SO_RCVBUFFORCE (CAP_NET_ADMIN) may pass net.core.rmem_max; without the capability, SO_RCVBUF up to it.
        int bytes = instances.Count * ReceiveBufferPerInstance;
        if (setsockopt(socket.Fd, SOL_SOCKET, SO_RCVBUFFORCE, &bytes, sizeof(int)) != 0
            && setsockopt(socket.Fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof(int)) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            socket.Dispose();
            Errno.Throw(errno);
        }
        return socket;
    }

    // Room for a few queued adverts per vhid, at the truesize a small frame takes in the queue.
    private const int ReceiveBufferPerInstance = 4 * 4096;

    // For --observe: every protocol-112 frame on the interface, including those this host sends
    // (only an ETH_P_ALL socket sees outgoing frames), and every multicast group without joining one,
    // so the observer sends no IGMP report either. Receive only: Send is never called on it.
    internal static unsafe CarpPacketSocket OpenObserver(int ifIndex)
    {
        CarpPacketSocket socket = Open(ifIndex, CarpFilter.BuildObserver(), ETH_P_ALL);
        try
        {
            var membership = new packet_mreq { mr_ifindex = ifIndex, mr_type = (ushort)PACKET_MR_ALLMULTI };
            if (setsockopt(socket.Fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &membership, (uint)sizeof(packet_mreq)) != 0)
            {
                Errno.Throw(Marshal.GetLastPInvokeError());
            }
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static unsafe CarpPacketSocket Open(int ifIndex, sock_filter[] program, ushort protocol)
    {
        // Protocol 0: the socket hears nothing until bind names a protocol, so no frame can be queued
        // before the filter is attached. The drain below is then only a safety net.
        int fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        if (fd < 0)
        {
            Errno.Throw(Marshal.GetLastPInvokeError());
        }
        var handle = new FileDescriptorHandle(fd);
        try
        {
            fixed (sock_filter* instructions = program)
            {
                var fprog = new sock_fprog { len = (ushort)program.Length, filter = instructions };
                if (setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &fprog, (uint)sizeof(sock_fprog)) != 0)
                {
                    Errno.Throw(Marshal.GetLastPInvokeError());
                }
            }

            var address = new sockaddr_ll
            {
                sll_family = (ushort)AF_PACKET,
                sll_protocol = htons(protocol),
                sll_ifindex = ifIndex,
            };
            if (bind(fd, (sockaddr*)&address, (uint)sizeof(sockaddr_ll)) != 0)
            {
                Errno.Throw(Marshal.GetLastPInvokeError());
            }

            var result = new CarpPacketSocket(handle, ifIndex);
            result.Drain();
            return result;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    // Copies one whole Ethernet frame into `frame` and returns its length (cut to frame.Length), or 0
    // when nothing is queued. Never allocates on the normal paths.
    internal unsafe int Receive(Span<byte> frame)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        fixed (byte* buffer = frame)
        {
            long received;
            while ((received = recv(Fd, buffer, (size_t)(uint)frame.Length, 0)) < 0)
            {
                if (!RetryAfter(Marshal.GetLastPInvokeError()))
                {
                    return 0;
                }
            }
            return (int)received;
        }
    }

    // Receives up to batch.Capacity queued frames with one system call; returns how many (0 when
    // none is queued). Never allocates.
    internal unsafe int Receive(FrameBatch batch)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        int received;
        while ((received = Interop.Libc.recvmmsg(Fd, batch.Headers, (uint)batch.Capacity, 0, null)) < 0)
        {
            if (!RetryAfter(Marshal.GetLastPInvokeError()))
            {
                return 0;
            }
        }
        return received;
    }

    // After a failed receive: true to try again (EINTR), false when nothing is queued. ENETDOWN is the
    // one-shot error the kernel posts on the socket when the link goes down (it also makes poll report
    // POLLERR); reading it clears it, and link state is LinkMonitor's job. Anything else throws.
    private static bool RetryAfter(int errno)
    {
        if (errno == EINTR)
        {
            return true;
        }
        if (errno != EAGAIN && errno != ENETDOWN)
        {
            Errno.Throw(errno);
        }
        return false;
    }

    // Sends one whole Ethernet frame (header included) out of the bound interface. Returns 0 or the errno.
    internal unsafe int Send(ReadOnlySpan<byte> frame)
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

    private void Drain()
    {
        Span<byte> discard = stackalloc byte[64];
        while (Receive(discard) > 0)
        {
        }
    }
}
