using System.Net;
using Ucarp.Cli.Linux;
using Ucarp.Protocol;
using Ucarp.Protocol.Auth;
using Ucarp.Protocol.Packets;

namespace Ucarp.Tests.Network;

/// <summary>
/// CARP advertisements for vhid 7 and the VIP 198.18.0.100, written frame by frame and sent from a host's
/// eth0 as a peer or an attacker would: the digest with whatever password is given. Call it on a thread
/// inside the host's namespace (<see cref="TestNetwork.RunInNamespace{T}"/>).
/// </summary>
internal sealed class AdvertSender(TestHost from, string password) : IDisposable
{
    private const int EAGAIN = 11;
    private const int ENOBUFS = 105;
    private const byte Vhid = 7;

    private readonly CarpPacketSocket _socket = CarpPacketSocket.Open(NetDevice.Query(from.Interface).Index, Vhid, from.Address);
    private readonly CarpDigest _digest = new(System.Text.Encoding.UTF8.GetBytes(password), Vhid, Ipv4.ToUInt32(IPAddress.Parse("198.18.0.100")));
    private readonly byte[] _frame = new byte[AdvertisementFrame.Size];

    /// <summary>True once sent; a full socket is retried, as a real flooder would.</summary>
    public bool Send(byte advBase, byte advSkew, ulong counter, ushort ipId)
    {
        var header = new CarpHeader(CarpConstants.VersionAndType, Vhid, advSkew, advBase, counter);
        AdvertisementFrame.Write(_frame, header, Ipv4.ToUInt32(from.Address), CarpConstants.DefaultGroup, false, ipId, _digest);
        int errno;
        while ((errno = _socket.Send(_frame)) is EAGAIN or ENOBUFS)
        {
            Thread.Yield();
        }
        return errno == 0;
    }

    public void Dispose() => _socket.Dispose();
}
