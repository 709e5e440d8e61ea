using System.Net.Sockets;
using Tmds.Linux;
using Ucarp.Protocol.Packets;
using static Tmds.Linux.LibC;
using static Ucarp.Cli.Interop.Libc;

namespace Ucarp.Cli.Linux;

/// <summary>
/// --peer: a raw IPv4 or IPv6 socket for protocol 112 that sends our own IP header (IP_HDRINCL,
/// IPV6_HDRINCL), so TTL (hop limit) 255, TOS, DF and the identification stay exactly as in a multicast
/// advert, while the kernel routes the datagram and resolves the next hop's MAC. Receiving stays with the
/// packet socket: a drop-all filter keeps this socket's queue empty (a raw socket gets a copy of every
/// incoming protocol-112 datagram; its presence also keeps the kernel from answering a peer's adverts
/// with ICMP "protocol unreachable").
/// </summary>
internal sealed class CarpUnicastSocket : IDisposable
{
    private readonly FileDescriptorHandle _handle;
    private readonly bool _ipv6;

    private CarpUnicastSocket(FileDescriptorHandle handle, bool ipv6)
    {
        _handle = handle;
        _ipv6 = ipv6;
    }

    public static unsafe CarpUnicastSocket Open(AddressFamily family)
    {
        bool ipv6 = family == AddressFamily.InterNetworkV6;
        using FileDescriptorHandle handle = FileDescriptorHandle.Open(
            socket(ipv6 ? AF_INET6 : AF_INET, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, IPPROTO_CARP), "socket");
        int on = 1;
        _ = ipv6
            ? Errno.Check(setsockopt(handle.Fd, IPPROTO_IPV6, IPV6_HDRINCL, &on, sizeof(int)), "setsockopt(IPV6_HDRINCL)")
            : Errno.Check(setsockopt(handle.Fd, IPPROTO_IP, IP_HDRINCL, &on, sizeof(int)), "setsockopt(IP_HDRINCL)");
        sock_filter dropAll = new() { code = BPF_RET | BPF_K, k = 0 };
        var program = new sock_fprog { len = 1, filter = &dropAll };
        _ = Errno.Check(setsockopt(handle.Fd, SOL_SOCKET, SO_ATTACH_FILTER, &program, (uint)sizeof(sock_fprog)), "setsockopt(SO_ATTACH_FILTER)");
        return new CarpUnicastSocket(handle.HandOver(), ipv6);
    }

    /// <summary>
    /// Sends one whole datagram (header included) to the destination its header names; an IPv6
    /// link-local destination through the interface <paramref name="interfaceIndex"/>. Returns 0 or the errno.
    /// </summary>
    public unsafe int Send(ReadOnlySpan<byte> datagram, int interfaceIndex)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        if (datagram.Length < (_ipv6 ? Ipv6Header.Size : Ipv4Header.MinSize))
        {
            return EINVAL;
        }
        // Both network order: the header's destination bytes are the address as the kernel holds it.
        if (_ipv6)
        {
            var address6 = new sockaddr_in6 { sin6_family = (ushort)AF_INET6, sin6_scope_id = (uint)interfaceIndex };
            datagram.Slice(Ipv6Header.DestinationOffset, 16).CopyTo(new Span<byte>(&address6.sin6_addr, 16));
            return SocketSend.SendTo(_handle.Fd, datagram, (sockaddr*)&address6, (uint)sizeof(sockaddr_in6));
        }
        var address = new sockaddr_in { sin_family = (ushort)AF_INET };
        datagram.Slice(16, 4).CopyTo(new Span<byte>(&address.sin_addr, 4));
        return SocketSend.SendTo(_handle.Fd, datagram, (sockaddr*)&address, (uint)sizeof(sockaddr_in));
    }

    public void Dispose() => _handle.Dispose();
}
