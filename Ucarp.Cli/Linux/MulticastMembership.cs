using System.Net;
using System.Net.Sockets;

namespace Ucarp.Cli.Linux;

// Joins the CARP group on the interface that owns --srcip (ucarp carp.c: IP_ADD_MEMBERSHIP with
// imr_interface = srcip), so the NIC accepts frames for the group's multicast MAC. The membership
// lasts as long as this object.
internal sealed class MulticastMembership : IDisposable
{
    private readonly Socket _socket;

    private MulticastMembership(Socket socket) => _socket = socket;

    internal static MulticastMembership Join(IPAddress group, IPAddress sourceAddress)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(group, sourceAddress));
            return new MulticastMembership(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    // Closing the socket drops the membership.
    public void Dispose() => _socket.Dispose();
}
