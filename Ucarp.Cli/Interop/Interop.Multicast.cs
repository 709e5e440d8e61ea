using System.Runtime.InteropServices;

namespace Ucarp.Cli;

#pragma warning disable CS8981 // structs keep their C names (lower case), as the headers spell them

internal static partial class Interop
{
    internal static partial class Libc
    {
        // <netinet/in.h> struct ip_mreq (Tmds.LibC has the option, not the struct): network byte order.
        [StructLayout(LayoutKind.Sequential)]
        internal struct ip_mreq
        {
            public uint imr_multiaddr;
            public uint imr_interface;
        }
    }
}
