using System.Runtime.InteropServices;

namespace Ucarp.Cli;

#pragma warning disable CS8981 // structs keep their C names (lower case), as the headers spell them

internal static partial class Interop
{
    internal static partial class Libc
    {
        // <linux/netlink.h>
        internal const int NETLINK_ROUTE = 0;
        internal const int NLMSG_ALIGNTO = 4;

        // <linux/rtnetlink.h>
        internal const uint RTMGRP_LINK = 1;
        internal const ushort RTM_NEWLINK = 16;
        internal const ushort RTM_DELLINK = 17;

        // <linux/netlink.h>
        [StructLayout(LayoutKind.Sequential)]
        internal struct sockaddr_nl
        {
            public ushort nl_family;
            public ushort nl_pad;
            public uint nl_pid;
            public uint nl_groups;
        }

        // <linux/netlink.h>
        [StructLayout(LayoutKind.Sequential)]
        internal struct nlmsghdr
        {
            public uint nlmsg_len;
            public ushort nlmsg_type;
            public ushort nlmsg_flags;
            public uint nlmsg_seq;
            public uint nlmsg_pid;
        }

        // <linux/rtnetlink.h>
        [StructLayout(LayoutKind.Sequential)]
        internal struct ifinfomsg
        {
            public byte ifi_family;
            public byte __ifi_pad;
            public ushort ifi_type;
            public int ifi_index;
            public uint ifi_flags;
            public uint ifi_change;
        }
    }
}
