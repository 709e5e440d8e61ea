using System.Buffers.Binary;
using System.Net;
using Ucarp.Cli.Linux;
using Ucarp.Cli.Logging;
using Ucarp.Protocol;
using Ucarp.Protocol.Engine;
using Ucarp.Protocol.Packets;
using static Tmds.Linux.LibC;

namespace Ucarp.Cli.Daemon;

/// <summary>
/// The engine's link: whole frames out through the packet socket, failures logged as carp.c does.
/// With --peer, adverts (IPv4 or IPv6 datagrams of protocol 112) leave through the unicast socket without
/// their Ethernet header; gratuitous ARPs and Neighbor Advertisements still go out as frames.
/// </summary>
internal sealed class PacketLink(CarpPacketSocket socket, CarpUnicastSocket? unicast, Logger log, PacketWarningLimiter unreachableLimiter) : ICarpLink
{
    /// <summary>Runs before a warning is logged: the instance's deferred takeover (and its line) comes first (<see cref="VipInstance.FinishDeferredTransition"/>).</summary>
    public Action? BeforeWarning { get; set; }

    public bool Send(ReadOnlySpan<byte> frame)
    {
        bool toPeer = unicast is not null && IsAdvert(frame);
        int errno = toPeer ? unicast!.Send(frame[EthernetHeader.Size..], socket.InterfaceIndex) : socket.Send(frame);
        if (errno == 0)
        {
            return true;
        }
        if (toPeer && (errno == EHOSTUNREACH || errno == ENETUNREACH))
        {
            // A peer that is down or not routed right now must not demote us (OpenBSD ignores
            // EHOSTDOWN for carppeer): the other peers and the election go on.
            if (unreachableLimiter.TryAcquire(0, out long suppressed))
            {
                BeforeWarning?.Invoke();
                string line = $"Peer [{Destination(frame)}] is unreachable: {Errno.Message(errno)}";
                log.Warning(suppressed == 0 ? line : $"{line} ({suppressed} more suppressed)");
            }
            return true;
        }
        BeforeWarning?.Invoke();
        log.Warning("write() has failed: " + Errno.Message(errno));
        return false;
    }

    // The engine's frames: adverts, gratuitous ARPs (not IP) and Neighbor Advertisements (ICMPv6).
    private static bool IsAdvert(ReadOnlySpan<byte> frame) =>
        frame.Length > EthernetHeader.Size + 6 && BinaryPrimitives.ReadUInt16BigEndian(frame[12..]) switch
        {
            EthernetHeader.EtherTypeIpv4 => true,
            EthernetHeader.EtherTypeIpv6 => frame[EthernetHeader.Size + 6] == CarpConstants.IpProtocol,
            _ => false,
        };

    private static IPAddress Destination(ReadOnlySpan<byte> frame) =>
        BinaryPrimitives.ReadUInt16BigEndian(frame[12..]) == EthernetHeader.EtherTypeIpv6
            ? new IPAddress(frame.Slice(EthernetHeader.Size + Ipv6Header.DestinationOffset, 16))
            : new IPAddress(frame.Slice(EthernetHeader.Size + 16, 4));
}
