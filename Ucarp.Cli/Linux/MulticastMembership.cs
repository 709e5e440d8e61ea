using System.Buffers.Binary;
using System.Net;
using System.Runtime.InteropServices;
using Ucarp.Protocol.Packets;
using static Tmds.Linux.LibC;
using static Ucarp.Cli.Interop.Libc;

namespace Ucarp.Cli.Linux;

// Joins the CARP group on the interface that owns --srcip (ucarp carp.c: IP_ADD_MEMBERSHIP with
// imr_interface = srcip), so the NIC accepts frames for the group's multicast MAC. The membership
// lasts as long as this object. A plain descriptor rather than a BCL Socket: the Socket would start
// the runtime's socket event thread, one idle thread per process for an option we set once.
internal sealed class MulticastMembership : IDisposable
{
    private readonly FileDescriptorHandle _handle;

    private MulticastMembership(FileDescriptorHandle handle) => _handle = handle;

    internal static unsafe MulticastMembership Join(IPAddress group, IPAddress sourceAddress)
    {
        int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (fd < 0)
        {
            Errno.Throw(Marshal.GetLastPInvokeError());
        }
        var handle = new FileDescriptorHandle(fd);
        var request = new ip_mreq
        {
            imr_multiaddr = BinaryPrimitives.ReverseEndianness(Ipv4.ToUInt32(group)),
            imr_interface = BinaryPrimitives.ReverseEndianness(Ipv4.ToUInt32(sourceAddress)),
        };
        if (setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &request, (uint)sizeof(ip_mreq)) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            handle.Dispose();
            Errno.Throw(errno);
        }
        return new MulticastMembership(handle);
    }

    // Closing the socket drops the membership.
    public void Dispose() => _handle.Dispose();
}
