using System.Runtime.InteropServices;
using Tmds.Linux;

namespace Ucarp.Cli;

#pragma warning disable CS8981 // structs keep their C names (lower case), as the headers spell them

internal static partial class Interop
{
    internal static partial class Libc
    {
        // <ifaddrs.h>
        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct ifaddrs
        {
            public ifaddrs* ifa_next;
            public byte* ifa_name;
            public uint ifa_flags;
            public sockaddr* ifa_addr;
            public sockaddr* ifa_netmask;
            public void* ifa_ifu;
            public void* ifa_data;
        }

        // <ifaddrs.h>
        [LibraryImport(Name, EntryPoint = "getifaddrs", SetLastError = true)]
        internal static unsafe partial int getifaddrs(ifaddrs** ifap);

        // <ifaddrs.h>
        [LibraryImport(Name, EntryPoint = "freeifaddrs")]
        internal static unsafe partial void freeifaddrs(ifaddrs* ifa);
    }
}
