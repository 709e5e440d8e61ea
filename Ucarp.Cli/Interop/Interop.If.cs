using System.Runtime.InteropServices;

namespace Ucarp.Cli;

#pragma warning disable CS8981 // structs keep their C names (lower case), as the headers spell them

internal static partial class Interop
{
    internal static partial class Libc
    {
        // <net/if.h>
        internal const int IFNAMSIZ = 16;
        internal const uint IFF_UP = 0x1;
        internal const uint IFF_LOOPBACK = 0x8;
        internal const uint IFF_RUNNING = 0x40;

        // <net/if.h> struct ifreq: the name, then a 24-byte union. Only the members we read are named.
        [StructLayout(LayoutKind.Explicit, Size = 40)]
        internal unsafe struct ifreq
        {
            [FieldOffset(0)] public fixed byte ifr_name[IFNAMSIZ];
            [FieldOffset(16)] public int ifr_ifindex;
            [FieldOffset(16)] public short ifr_flags;
            [FieldOffset(16)] public ushort ifr_hwaddr_sa_family;   // ifr_hwaddr.sa_family
            [FieldOffset(18)] public fixed byte ifr_hwaddr_sa_data[14]; // ifr_hwaddr.sa_data
        }
    }
}
