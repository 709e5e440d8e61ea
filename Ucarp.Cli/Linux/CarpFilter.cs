using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
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
    private const uint IpVersionOffset = ETH_HLEN;
    private const uint IpProtocolOffset = ETH_HLEN + 9;
    private const uint IpSourceOffset = ETH_HLEN + 12;
    private const uint VhidAfterIpHeader = ETH_HLEN + 1;   // carp_header: version/type byte, then vhid
    private const uint AcceptWholeFrame = uint.MaxValue;

    // IPv6 offsets: the fixed header only (OpenBSD sends no extension headers).
    private const uint Ipv6NextHeaderOffset = ETH_HLEN + 6;
    private const uint Ipv6SourceOffset = ETH_HLEN + 8;
    private const uint Ipv6VhidOffset = ETH_HLEN + 40 + 1;

    public static sock_filter[] Build(byte vhid, IPAddress sourceAddress) => Build([(vhid, sourceAddress)]);

    /// <summary>
    /// --instances: one socket per interface and family hears every vhid configured there, each vhid
    /// dropping frames from its own --srcip, so each instance gets what its own process's socket would.
    /// The family is the one of the first source. The managed readers decide everything else.
    /// </summary>
    public static sock_filter[] Build(IReadOnlyList<(byte Vhid, IPAddress Source)> instances)
    {
        bool ipv6 = instances[0].Source.AddressFamily == AddressFamily.InterNetworkV6;
        var program = new BpfAssembler();
        BpfLabel drop = program.NewLabel(), carp = program.NewLabel();

        // Frames we sent ourselves (PACKET_OUTGOING) never count as a peer's advertisement.
        program.Emit(BPF_LD | BPF_B | BPF_ABS, unchecked((uint)(SKF_AD_OFF + SKF_AD_PKTTYPE)));
        Next(program, BPF_JEQ, PACKET_OUTGOING, ifTrue: drop);
        program.Emit(BPF_LD | BPF_H | BPF_ABS, EtherTypeOffset);
        Next(program, BPF_JEQ, ipv6 ? ETH_P_IPV6 : ETH_P_IP, ifFalse: drop);
        // The version nibble (and IPv4's IHL of at least 5 words), as Ipv4Header/Ipv6Header.TryRead require.
        program.Emit(BPF_LD | BPF_B | BPF_ABS, IpVersionOffset);
        Next(program, BPF_JGE, ipv6 ? 0x60u : 0x45u, ifFalse: drop);
        Next(program, BPF_JGT, ipv6 ? 0x6Fu : 0x4Fu, ifTrue: drop);
        program.Emit(BPF_LD | BPF_B | BPF_ABS, ipv6 ? Ipv6NextHeaderOffset : IpProtocolOffset);
        program.Jump(BPF_JEQ, IPPROTO_CARP, carp, drop);
        program.Mark(drop);
        program.Emit(BPF_RET | BPF_K, 0);

        // A = the vhid byte: after IPv6's fixed header, or after the IPv4 header (X = IHL * 4).
        program.Mark(carp);
        if (ipv6)
        {
            program.Emit(BPF_LD | BPF_B | BPF_ABS, Ipv6VhidOffset);
        }
        else
        {
            program.Emit(BPF_LDX | BPF_B | BPF_MSH, ETH_HLEN);
            program.Emit(BPF_LD | BPF_B | BPF_IND, VhidAfterIpHeader);
        }
        foreach ((byte vhid, IPAddress source) in instances)
        {
            OneVhid(program, vhid, source, ipv6 ? Ipv6SourceOffset : IpSourceOffset);
        }
        program.Emit(BPF_RET | BPF_K, 0);
        return program.ToProgram();
    }

    /// <summary>
    /// Not this vhid: on to the next one. Every word of the source is this vhid's --srcip (ucarp's
    /// "src host not srcip" pcap filter): drop, otherwise accept. The verdicts are returned right here,
    /// not at a shared end, because a jump reaches only 255 instructions and there may be 255 vhids.
    /// </summary>
    private static void OneVhid(BpfAssembler program, byte vhid, IPAddress source, uint sourceOffset)
    {
        Span<byte> bytes = stackalloc byte[16];
        _ = source.TryWriteBytes(bytes, out int length);
        BpfLabel otherVhid = program.NewLabel(), accept = program.NewLabel(), drop = program.NewLabel();
        Next(program, BPF_JEQ, vhid, ifFalse: otherVhid);
        int words = length / 4;
        for (int word = 0; word < words; word++)
        {
            program.Emit(BPF_LD | BPF_W | BPF_ABS, sourceOffset + (uint)(4 * word));
            uint expected = BinaryPrimitives.ReadUInt32BigEndian(bytes[(4 * word)..]);
            if (word == words - 1)
            {
                program.Jump(BPF_JEQ, expected, drop, accept);
            }
            else
            {
                Next(program, BPF_JEQ, expected, ifFalse: accept);
            }
        }
        program.Mark(accept);
        program.Emit(BPF_RET | BPF_K, AcceptWholeFrame);
        program.Mark(drop);
        program.Emit(BPF_RET | BPF_K, 0);
        program.Mark(otherVhid);
    }

    /// <summary>--observe: every IPv4 protocol-112 and IPv6 next-header-112 frame, whatever its vhid, source or direction.</summary>
    public static sock_filter[] BuildObserver()
    {
        var program = new BpfAssembler();
        BpfLabel ipv6 = program.NewLabel(), accept = program.NewLabel(), drop = program.NewLabel();
        program.Emit(BPF_LD | BPF_H | BPF_ABS, EtherTypeOffset);
        Next(program, BPF_JEQ, ETH_P_IP, ifFalse: ipv6);
        program.Emit(BPF_LD | BPF_B | BPF_ABS, IpProtocolOffset);
        program.Jump(BPF_JEQ, IPPROTO_CARP, accept, drop);
        program.Mark(ipv6);   // A still holds the EtherType
        Next(program, BPF_JEQ, ETH_P_IPV6, ifFalse: drop);
        program.Emit(BPF_LD | BPF_B | BPF_ABS, Ipv6NextHeaderOffset);
        program.Jump(BPF_JEQ, IPPROTO_CARP, accept, drop);
        program.Mark(accept);
        program.Emit(BPF_RET | BPF_K, AcceptWholeFrame);
        program.Mark(drop);
        program.Emit(BPF_RET | BPF_K, 0);
        return program.ToProgram();
    }

    /// <summary>A jump whose other outcome falls through to the next instruction.</summary>
    private static void Next(BpfAssembler program, ushort op, uint k, BpfLabel? ifTrue = null, BpfLabel? ifFalse = null)
    {
        BpfLabel next = program.NewLabel();
        program.Jump(op, k, ifTrue ?? next, ifFalse ?? next);
        program.Mark(next);
    }
}
