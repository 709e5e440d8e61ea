using System.Runtime.InteropServices;
using static Tmds.Linux.LibC;
using static Ucarp.Cli.Interop.Libc;

namespace Ucarp.Cli.Linux;

/// <summary>
/// Parses rtnetlink datagrams (nlmsghdr + ifinfomsg) into LinkEvents. Pure, so the hostile cases are unit
/// tested: whatever the bytes, it never throws and never reads past the datagram.
/// </summary>
internal static class LinkMessages
{
    private const int HeaderSize = 16;      // sizeof(nlmsghdr)
    private const int IfInfoSize = 16;      // sizeof(ifinfomsg)

    /// <summary>
    /// Advances `offset` past one message; true when that message was a link event. At the end, or at a
    /// message whose length is broken (which makes the rest unreadable), offset becomes datagram.Length.
    /// </summary>
    public static bool TryReadNext(ReadOnlySpan<byte> datagram, ref int offset, out LinkEvent linkEvent)
    {
        linkEvent = default;
        if ((uint)offset >= (uint)datagram.Length)
        {
            offset = datagram.Length;
            return false;
        }
        ReadOnlySpan<byte> rest = datagram[offset..];
        if (rest.Length < HeaderSize)
        {
            offset = datagram.Length;
            return false;
        }
        nlmsghdr header = MemoryMarshal.Read<nlmsghdr>(rest);
        if (header.nlmsg_len < HeaderSize || header.nlmsg_len > (uint)rest.Length)
        {
            offset = datagram.Length;
            return false;
        }
        long aligned = (header.nlmsg_len + (long)NLMSG_ALIGNTO - 1) & ~(long)(NLMSG_ALIGNTO - 1);
        offset += (int)Math.Min(aligned, rest.Length);

        if (header.nlmsg_type is not (RTM_NEWLINK or RTM_DELLINK) || header.nlmsg_len < HeaderSize + IfInfoSize)
        {
            return false;
        }
        ifinfomsg info = MemoryMarshal.Read<ifinfomsg>(rest[HeaderSize..]);
        // The bridge driver reports its ports as AF_BRIDGE link messages; an RTM_DELLINK of that family
        // means "left the bridge", not "device removed".
        if (info.ifi_family != AF_UNSPEC)
        {
            return false;
        }
        linkEvent = new LinkEvent(
            info.ifi_index,
            IsUp: (info.ifi_flags & IFF_UP) != 0,
            IsRunning: (info.ifi_flags & IFF_RUNNING) != 0,
            Removed: header.nlmsg_type == RTM_DELLINK);
        return true;
    }
}
