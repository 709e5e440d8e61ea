using Tmds.Linux;
using Ucarp.Protocol.Packets;
using static Tmds.Linux.LibC;
using static Ucarp.Cli.Interop.Libc;

namespace Ucarp.Cli.Linux;

/// <summary>
/// --peer: a raw IPv4 socket for protocol 112 that sends our own IP header (IP_HDRINCL), so TTL 255,
/// TOS, DF and the identification stay exactly as in a multicast advert, while the kernel routes the
/// datagram and resolves the next hop's MAC. Receiving stays with the packet socket: a drop-all filter
/// keeps this socket's queue empty (a raw socket gets a copy of every incoming protocol-112 datagram).
/// </summary>
internal sealed class CarpUnicastSocket : IDisposable
{
    private readonly FileDescriptorHandle _handle;

    private CarpUnicastSocket(FileDescriptorHandle handle) => _handle = handle;

    public static unsafe CarpUnicastSocket Open()
    {
        using FileDescriptorHandle handle = FileDescriptorHandle.Open(socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, IPPROTO_CARP), "socket");
        int on = 1;
        _ = Errno.Check(setsockopt(handle.Fd, IPPROTO_IP, IP_HDRINCL, &on, sizeof(int)), "setsockopt(IP_HDRINCL)");
        sock_filter dropAll = new() { code = BPF_RET | BPF_K, k = 0 };
        var program = new sock_fprog { len = 1, filter = &dropAll };
        _ = Errno.Check(setsockopt(handle.Fd, SOL_SOCKET, SO_ATTACH_FILTER, &program, (uint)sizeof(sock_fprog)), "setsockopt(SO_ATTACH_FILTER)");
        return new CarpUnicastSocket(handle.HandOver());
    }

    /// <summary>
    /// Sends one whole IPv4 datagram (header included) to the destination its header names.
    /// Returns 0 or the errno.
    /// </summary>
    public unsafe int Send(ReadOnlySpan<byte> datagram)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        if (datagram.Length < Ipv4Header.MinSize)
        {
            return EINVAL;
        }
        var address = new sockaddr_in { sin_family = (ushort)AF_INET };
        // Both network order: the header's destination bytes are s_addr as the kernel holds it.
        datagram.Slice(16, 4).CopyTo(new Span<byte>(&address.sin_addr, 4));
        return SocketSend.SendTo(_handle.Fd, datagram, (sockaddr*)&address, (uint)sizeof(sockaddr_in));
    }

    public void Dispose() => _handle.Dispose();
}
