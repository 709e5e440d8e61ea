using System.Buffers.Binary;
using System.Net;
using Tmds.Linux;
using Ucarp.Protocol;
using static Tmds.Linux.LibC;
using static Ucarp.Cli.Interop.Libc;

namespace Ucarp.Cli.Linux;

/// <summary>
/// Joins the CARP group on the interface that owns --srcip (ucarp carp.c: IP_ADD_MEMBERSHIP with
/// imr_interface = srcip), so the NIC accepts frames for the group's multicast MAC. The membership
/// lasts as long as this object. A plain descriptor rather than a BCL Socket: the Socket would start
/// the runtime's socket event thread, one idle thread per process for an option we set once.
/// </summary>
internal sealed class MulticastMembership : IDisposable
{
    private readonly FileDescriptorHandle _handle;

    private MulticastMembership(FileDescriptorHandle handle) => _handle = handle;

    public static unsafe MulticastMembership Join(IPAddress group, IPAddress sourceAddress)
    {
        ip_mreq request = default;
        _ = group.TryWriteBytes(new Span<byte>(request.imr_multiaddr.s_addr, 4), out _);
        _ = sourceAddress.TryWriteBytes(new Span<byte>(request.imr_interface.s_addr, 4), out _);
        return Join(AF_INET, IPPROTO_IP, IP_ADD_MEMBERSHIP, &request, sizeof(ip_mreq));
    }

    /// <summary>
    /// IPv6: ff02::12 on the interface (OpenBSD carp joins it too); the kernel then also answers MLD
    /// queries for it, so switches that snoop MLD forward the adverts.
    /// </summary>
    public static unsafe MulticastMembership JoinIpv6(int ifIndex)
    {
        var request = new ipv6_mreq { ipv6mr_interface = (uint)ifIndex };
        BinaryPrimitives.WriteUInt128BigEndian(new Span<byte>(request.ipv6mr_multiaddr.s6_addr, 16), CarpConstants.Ipv6Group);
        return Join(AF_INET6, IPPROTO_IPV6, IPV6_ADD_MEMBERSHIP, &request, sizeof(ipv6_mreq));
    }

    private static unsafe MulticastMembership Join(int family, int level, int option, void* request, int size)
    {
        using FileDescriptorHandle handle = FileDescriptorHandle.Open(socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0), "socket");
        _ = Errno.Check(setsockopt(handle.Fd, level, option, request, (uint)size), "setsockopt");
        return new MulticastMembership(handle.HandOver());
    }

    /// <summary>Closing the socket drops the membership.</summary>
    public void Dispose() => _handle.Dispose();
}
