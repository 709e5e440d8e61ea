using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Ucarp.Protocol.Packets;
using static Tmds.Linux.LibC;
using static Ucarp.Cli.Interop.Libc;

namespace Ucarp.Cli.Linux;

/// <summary>
/// The classic BPF program attached to the CARP socket. The kernel runs it on every frame of the
/// interface, so a process wakes only for its own group's advertisements from other hosts (the original
/// captures every protocol-112 frame and filters in user space: every process wakes for every group).
/// </summary>
internal static class CarpFilter
{
    // IPv4 frame offsets: Ethernet header (14 bytes), then IPv4.
    private const uint EtherTypeOffset = 12;
    private const uint IpProtocolOffset = ETH_HLEN + 9;
    private const uint IpSourceOffset = ETH_HLEN + 12;
    private const uint VhidAfterIpHeader = ETH_HLEN + 1;   // carp_header: version/type byte, then vhid
    private const uint AcceptWholeFrame = uint.MaxValue;

    // IPv6 offsets: the fixed header only (OpenBSD sends no extension headers).
    private const uint Ipv6NextHeaderOffset = ETH_HLEN + 6;
    private const uint Ipv6SourceOffset = ETH_HLEN + 8;
    private const uint Ipv6VhidOffset = ETH_HLEN + 40 + 1;

    public static sock_filter[] Build(byte vhid, IPAddress sourceAddress) =>
        sourceAddress.AddressFamily == AddressFamily.InterNetworkV6 ? BuildIpv6(vhid, sourceAddress) : BuildIpv4(vhid, sourceAddress);

    /// <summary>
    /// --instances: one socket per interface and family hears every vhid configured there, each vhid
    /// dropping frames from its own --srcip, so each instance gets what its own process's socket would.
    /// One instance gets exactly the program above.
    /// </summary>
    public static sock_filter[] Build(IReadOnlyList<(byte Vhid, IPAddress Source)> instances) =>
        instances.Count == 1 ? Build(instances[0].Vhid, instances[0].Source) : BuildMany(instances);

    private static sock_filter[] BuildIpv4(byte vhid, IPAddress sourceAddress)
    {
        Span<byte> source = stackalloc byte[4];
        _ = sourceAddress.TryWriteBytes(source, out _);

        const byte Drop = 12;     // index of "ret #0"
        const byte Accept = 11;   // index of "ret #-1"
        return
        [
            // 0-1: frames we sent ourselves (PACKET_OUTGOING) never count as a peer's advertisement.
            Statement(BPF_LD | BPF_B | BPF_ABS, unchecked((uint)(SKF_AD_OFF + SKF_AD_PKTTYPE))),
            Jump(1, PACKET_OUTGOING, jumpIfEqual: Drop, jumpIfNotEqual: 2),
            // 2-3: IPv4 only.
            Statement(BPF_LD | BPF_H | BPF_ABS, EtherTypeOffset),
            Jump(3, ETH_P_IP, jumpIfEqual: 4, jumpIfNotEqual: Drop),
            // 4-5: IP protocol 112.
            Statement(BPF_LD | BPF_B | BPF_ABS, IpProtocolOffset),
            Jump(5, IPPROTO_CARP, jumpIfEqual: 6, jumpIfNotEqual: Drop),
            // 6-7: not from our own --srcip (ucarp's "src host not <srcip>" pcap filter).
            Statement(BPF_LD | BPF_W | BPF_ABS, IpSourceOffset),
            Jump(7, BinaryPrimitives.ReadUInt32BigEndian(source), jumpIfEqual: Drop, jumpIfNotEqual: 8),
            // 8-10: X = IHL * 4, then the vhid byte right after the IP header.
            Statement(BPF_LDX | BPF_B | BPF_MSH, ETH_HLEN),
            Statement(BPF_LD | BPF_B | BPF_IND, VhidAfterIpHeader),
            Jump(10, vhid, jumpIfEqual: Accept, jumpIfNotEqual: Drop),
            Statement(BPF_RET | BPF_K, AcceptWholeFrame),
            Statement(BPF_RET | BPF_K, 0),
        ];
    }

    private static sock_filter[] BuildIpv6(byte vhid, IPAddress sourceAddress)
    {
        UInt128 source = CarpAddress.FromIPAddress(sourceAddress).Value;
        uint Word(int i) => (uint)(source >> (96 - (32 * i)));

        const byte Vhid = 14;     // index of the vhid load
        const byte Accept = 16;   // index of "ret #-1"
        const byte Drop = 17;     // index of "ret #0"
        return
        [
            // 0-1: frames we sent ourselves never count as a peer's advertisement.
            Statement(BPF_LD | BPF_B | BPF_ABS, unchecked((uint)(SKF_AD_OFF + SKF_AD_PKTTYPE))),
            Jump(1, PACKET_OUTGOING, jumpIfEqual: Drop, jumpIfNotEqual: 2),
            // 2-3: IPv6 only.
            Statement(BPF_LD | BPF_H | BPF_ABS, EtherTypeOffset),
            Jump(3, ETH_P_IPV6, jumpIfEqual: 4, jumpIfNotEqual: Drop),
            // 4-5: next header 112.
            Statement(BPF_LD | BPF_B | BPF_ABS, Ipv6NextHeaderOffset),
            Jump(5, IPPROTO_CARP, jumpIfEqual: 6, jumpIfNotEqual: Drop),
            // 6-13: dropped only when all four words of the source are our --srcip.
            Statement(BPF_LD | BPF_W | BPF_ABS, Ipv6SourceOffset),
            Jump(7, Word(0), jumpIfEqual: 8, jumpIfNotEqual: Vhid),
            Statement(BPF_LD | BPF_W | BPF_ABS, Ipv6SourceOffset + 4),
            Jump(9, Word(1), jumpIfEqual: 10, jumpIfNotEqual: Vhid),
            Statement(BPF_LD | BPF_W | BPF_ABS, Ipv6SourceOffset + 8),
            Jump(11, Word(2), jumpIfEqual: 12, jumpIfNotEqual: Vhid),
            Statement(BPF_LD | BPF_W | BPF_ABS, Ipv6SourceOffset + 12),
            Jump(13, Word(3), jumpIfEqual: Drop, jumpIfNotEqual: Vhid),
            // 14-15: the vhid byte right after the fixed header.
            Statement(BPF_LD | BPF_B | BPF_ABS, Ipv6VhidOffset),
            Jump(15, vhid, jumpIfEqual: Accept, jumpIfNotEqual: Drop),
            Statement(BPF_RET | BPF_K, AcceptWholeFrame),
            Statement(BPF_RET | BPF_K, 0),
        ];
    }

    /// <summary>
    /// Classic BPF jumps reach at most 255 instructions ahead, so with many vhids each one's verdict is
    /// returned right after its test instead of at a shared end.
    /// </summary>
    private static sock_filter[] BuildMany(IReadOnlyList<(byte Vhid, IPAddress Source)> instances)
    {
        bool ipv6 = instances[0].Source.AddressFamily == AddressFamily.InterNetworkV6;
        const int Drop = 6;
        var program = new List<sock_filter>
        {
            // 0-1: frames we sent ourselves never count as a peer's advertisement.
            Statement(BPF_LD | BPF_B | BPF_ABS, unchecked((uint)(SKF_AD_OFF + SKF_AD_PKTTYPE))),
            Jump(1, PACKET_OUTGOING, jumpIfEqual: Drop, jumpIfNotEqual: 2),
            // 2-5: the family of the socket, IP protocol (IPv6 next header) 112.
            Statement(BPF_LD | BPF_H | BPF_ABS, EtherTypeOffset),
            Jump(3, ipv6 ? ETH_P_IPV6 : ETH_P_IP, jumpIfEqual: 4, jumpIfNotEqual: Drop),
            Statement(BPF_LD | BPF_B | BPF_ABS, ipv6 ? Ipv6NextHeaderOffset : IpProtocolOffset),
            Jump(5, IPPROTO_CARP, jumpIfEqual: 7, jumpIfNotEqual: Drop),
            Statement(BPF_RET | BPF_K, 0),
        };
        // A = the vhid byte: after IPv6's fixed header, or after the IPv4 header (X = IHL * 4).
        if (ipv6)
        {
            program.Add(Statement(BPF_LD | BPF_B | BPF_ABS, Ipv6VhidOffset));
        }
        else
        {
            program.Add(Statement(BPF_LDX | BPF_B | BPF_MSH, ETH_HLEN));
            program.Add(Statement(BPF_LD | BPF_B | BPF_IND, VhidAfterIpHeader));
        }
        uint sourceOffset = ipv6 ? Ipv6SourceOffset : IpSourceOffset;
        Span<byte> source = stackalloc byte[16];
        foreach ((byte vhid, IPAddress address) in instances)
        {
            // Per vhid: not this vhid: the next one; every word of the source is this vhid's --srcip:
            // drop; otherwise accept.
            _ = address.TryWriteBytes(source, out int length);
            int words = length / 4;
            int at = program.Count, accept = at + 1 + (2 * words), drop = accept + 1;
            program.Add(Jump(at, vhid, jumpIfEqual: at + 1, jumpIfNotEqual: drop + 1));
            for (int word = 0; word < words; word++)
            {
                int test = at + 2 + (2 * word);
                program.Add(Statement(BPF_LD | BPF_W | BPF_ABS, sourceOffset + (uint)(4 * word)));
                program.Add(Jump(test, BinaryPrimitives.ReadUInt32BigEndian(source[(4 * word)..]),
                    jumpIfEqual: word == words - 1 ? drop : test + 1, jumpIfNotEqual: accept));
            }
            program.Add(Statement(BPF_RET | BPF_K, AcceptWholeFrame));
            program.Add(Statement(BPF_RET | BPF_K, 0));
        }
        program.Add(Statement(BPF_RET | BPF_K, 0));
        return [.. program];
    }

    /// <summary>--observe: every IPv4 protocol-112 and IPv6 next-header-112 frame, whatever its vhid, source or direction.</summary>
    public static sock_filter[] BuildObserver()
    {
        const byte Ipv6 = 4;      // index of the IPv6 EtherType test (the EtherType is still loaded)
        const byte Accept = 7;
        const byte Drop = 8;
        return
        [
            Statement(BPF_LD | BPF_H | BPF_ABS, EtherTypeOffset),
            Jump(1, ETH_P_IP, jumpIfEqual: 2, jumpIfNotEqual: Ipv6),
            Statement(BPF_LD | BPF_B | BPF_ABS, IpProtocolOffset),
            Jump(3, IPPROTO_CARP, jumpIfEqual: Accept, jumpIfNotEqual: Drop),
            Jump(4, ETH_P_IPV6, jumpIfEqual: 5, jumpIfNotEqual: Drop),
            Statement(BPF_LD | BPF_B | BPF_ABS, Ipv6NextHeaderOffset),
            Jump(6, IPPROTO_CARP, jumpIfEqual: Accept, jumpIfNotEqual: Drop),
            Statement(BPF_RET | BPF_K, AcceptWholeFrame),
            Statement(BPF_RET | BPF_K, 0),
        ];
    }

    private static sock_filter Statement(int code, uint k) => new() { code = (ushort)code, k = k };

    /// <summary>
    /// Classic BPF jumps are relative to the next instruction; taking absolute targets keeps the program readable.
    /// </summary>
    private static sock_filter Jump(int index, uint value, int jumpIfEqual, int jumpIfNotEqual) => new()
    {
        code = BPF_JMP | BPF_JEQ | BPF_K,
        jt = checked((byte)(jumpIfEqual - index - 1)),
        jf = checked((byte)(jumpIfNotEqual - index - 1)),
        k = value,
    };
}
