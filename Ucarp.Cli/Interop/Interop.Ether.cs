namespace Ucarp.Cli;

internal static partial class Interop
{
    internal static partial class Libc
    {
        // <linux/if_ether.h>
        internal const int ETH_ALEN = 6;
        internal const int ETH_HLEN = 14;
        internal const ushort ETH_P_IP = 0x0800;
        internal const ushort ETH_P_IPV6 = 0x86DD;
        internal const ushort ETH_P_ALL = 0x0003;   // every protocol, outgoing frames included

        // <netinet/in.h>
        internal const int IPPROTO_CARP = 112;   // IANA "vrrp"; ucarp ip_carp.h IPPROTO_CARP
    }
}
