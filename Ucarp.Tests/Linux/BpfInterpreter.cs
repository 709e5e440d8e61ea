using System.Buffers.Binary;
using static Ucarp.Cli.Interop.Libc;

namespace Ucarp.Tests.Linux;

/// <summary>
/// Runs a classic BPF socket filter over one frame as the kernel does (net/core/filter.c): loads beyond
/// the frame return 0, ancillary loads read the packet type. Only the instructions CarpFilter emits are
/// known; any other, a jump past the end or falling off the end throws instead of guessing.
/// </summary>
internal static class BpfInterpreter
{
    private const int Ancillary = SKF_AD_OFF;

    /// <returns>How many bytes of the frame the socket would queue: 0 drops it.</returns>
    public static uint Run(sock_filter[] program, ReadOnlySpan<byte> frame, byte packetType)
    {
        uint a = 0, x = 0;
        for (int pc = 0; pc < program.Length; pc++)
        {
            sock_filter insn = program[pc];
            switch (insn.code)
            {
                case BPF_LD | BPF_W | BPF_ABS:
                case BPF_LD | BPF_H | BPF_ABS:
                case BPF_LD | BPF_B | BPF_ABS:
                    if (insn.k >= unchecked((uint)Ancillary))
                    {
                        a = insn.k == unchecked((uint)(Ancillary + SKF_AD_PKTTYPE)) && insn.code == (BPF_LD | BPF_B | BPF_ABS)
                            ? packetType
                            : throw new InvalidOperationException($"instruction {pc}: ancillary load 0x{insn.k:x} is not one CarpFilter emits");
                    }
                    else if (!TryLoad(frame, insn.k, insn.code & 0x18, out a))
                    {
                        return 0;
                    }
                    break;
                case BPF_LD | BPF_B | BPF_IND:
                    if (!TryLoad(frame, x + insn.k, BPF_B, out a))
                    {
                        return 0;
                    }
                    break;
                case BPF_LDX | BPF_B | BPF_MSH:
                    if (insn.k >= frame.Length)
                    {
                        return 0;
                    }
                    x = (uint)(frame[(int)insn.k] & 0x0F) * 4;
                    break;
                case BPF_JMP | BPF_JEQ | BPF_K:
                    pc += a == insn.k ? insn.jt : insn.jf;
                    break;
                case BPF_JMP | BPF_JGT | BPF_K:
                    pc += a > insn.k ? insn.jt : insn.jf;
                    break;
                case BPF_JMP | BPF_JGE | BPF_K:
                    pc += a >= insn.k ? insn.jt : insn.jf;
                    break;
                case BPF_RET | BPF_K:
                    return insn.k;
                default:
                    throw new InvalidOperationException($"instruction {pc}: code 0x{insn.code:x} is not one CarpFilter emits");
            }
        }
        throw new InvalidOperationException("the program ran past its end");
    }

    private static bool TryLoad(ReadOnlySpan<byte> frame, uint offset, int size, out uint value)
    {
        int bytes = size switch { BPF_W => 4, BPF_H => 2, _ => 1 };
        value = 0;
        if ((ulong)offset + (ulong)bytes > (ulong)frame.Length)
        {
            return false;
        }
        ReadOnlySpan<byte> at = frame.Slice((int)offset, bytes);
        value = bytes switch
        {
            4 => BinaryPrimitives.ReadUInt32BigEndian(at),
            2 => BinaryPrimitives.ReadUInt16BigEndian(at),
            _ => at[0],
        };
        return true;
    }
}
