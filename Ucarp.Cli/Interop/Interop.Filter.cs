using System.Runtime.InteropServices;

namespace Ucarp.Cli;

#pragma warning disable CS8981 // structs keep their C names (lower case), as the headers spell them

internal static partial class Interop
{
    internal static partial class Libc
    {
        // <linux/filter.h>
        [StructLayout(LayoutKind.Sequential)]
        internal struct sock_filter
        {
            public ushort code;
            public byte jt;
            public byte jf;
            public uint k;
        }

        // <linux/filter.h>
        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct sock_fprog
        {
            public ushort len;
            public sock_filter* filter;
        }

        // <linux/bpf_common.h>: instruction classes, sizes, modes, ops and sources.
        internal const ushort BPF_LD = 0x00;
        internal const ushort BPF_LDX = 0x01;
        internal const ushort BPF_JMP = 0x05;
        internal const ushort BPF_RET = 0x06;
        internal const ushort BPF_W = 0x00;
        internal const ushort BPF_H = 0x08;
        internal const ushort BPF_B = 0x10;
        internal const ushort BPF_ABS = 0x20;
        internal const ushort BPF_IND = 0x40;
        internal const ushort BPF_MSH = 0xa0;
        internal const ushort BPF_JEQ = 0x10;
        internal const ushort BPF_JGT = 0x20;
        internal const ushort BPF_JGE = 0x30;
        internal const ushort BPF_K = 0x00;

        // <linux/filter.h>: ancillary loads read packet metadata instead of packet bytes.
        internal const int SKF_AD_OFF = -0x1000;
        internal const int SKF_AD_PKTTYPE = 4;
    }
}
