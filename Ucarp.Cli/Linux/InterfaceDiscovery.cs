using System.Runtime.InteropServices;
using static Tmds.Linux.LibC;
using static Ucarp.Cli.Interop.Libc;

namespace Ucarp.Cli.Linux;

// Stands in for pcap_lookupdev when -i is missing: the first interface that could carry CARP.
internal static class InterfaceDiscovery
{
    // The first non-loopback interface that is up and has an IPv4 address, or null.
    internal static unsafe string? FirstUsable()
    {
        ifaddrs* list;
        if (getifaddrs(&list) != 0)
        {
            Errno.Throw(Marshal.GetLastPInvokeError());
        }
        try
        {
            for (ifaddrs* entry = list; entry != null; entry = entry->ifa_next)
            {
                if (entry->ifa_addr == null || entry->ifa_addr->sa_family != AF_INET)
                {
                    continue;
                }
                if ((entry->ifa_flags & IFF_UP) == 0 || (entry->ifa_flags & IFF_LOOPBACK) != 0)
                {
                    continue;
                }
                return SurrogateEscape.Decode(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(entry->ifa_name));
            }
            return null;
        }
        finally
        {
            freeifaddrs(list);
        }
    }
}
