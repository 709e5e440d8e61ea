using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Tmds.Linux;
using Ucarp.Cli.Linux;
using static Ucarp.Cli.Interop.Libc;

namespace Ucarp.Tests.Linux;

// Sizes and offsets checked against glibc 2.36 / Linux headers on x86-64 (sizeof/offsetof in C).
public class StructLayoutTests
{
    [Fact]
    public void Ifreq_MatchesNetIfH()
    {
        Assert.Equal(40, Unsafe.SizeOf<ifreq>());
        Assert.Equal(16, (int)Marshal.OffsetOf<ifreq>(nameof(ifreq.ifr_ifindex)));
        Assert.Equal(16, (int)Marshal.OffsetOf<ifreq>(nameof(ifreq.ifr_flags)));
        Assert.Equal(18, (int)Marshal.OffsetOf<ifreq>(nameof(ifreq.ifr_hwaddr_sa_data)));
    }

    [Fact]
    public void Ifaddrs_MatchesIfaddrsH()
    {
        Assert.Equal(56, Unsafe.SizeOf<ifaddrs>());
        Assert.Equal(8, (int)Marshal.OffsetOf<ifaddrs>(nameof(ifaddrs.ifa_name)));
        Assert.Equal(16, (int)Marshal.OffsetOf<ifaddrs>(nameof(ifaddrs.ifa_flags)));
        Assert.Equal(24, (int)Marshal.OffsetOf<ifaddrs>(nameof(ifaddrs.ifa_addr)));
    }

    [Fact]
    public void SocketFilter_MatchesLinuxFilterH()
    {
        Assert.Equal(8, Unsafe.SizeOf<sock_filter>());
        Assert.Equal(4, (int)Marshal.OffsetOf<sock_filter>(nameof(sock_filter.k)));
        Assert.Equal(16, Unsafe.SizeOf<sock_fprog>());
        Assert.Equal(8, (int)Marshal.OffsetOf<sock_fprog>(nameof(sock_fprog.filter)));
    }

    [Fact]
    public void Netlink_MatchesLinuxNetlinkH()
    {
        Assert.Equal(16, Unsafe.SizeOf<nlmsghdr>());
        Assert.Equal(16, Unsafe.SizeOf<ifinfomsg>());
        Assert.Equal(4, (int)Marshal.OffsetOf<ifinfomsg>(nameof(ifinfomsg.ifi_index)));
        Assert.Equal(8, (int)Marshal.OffsetOf<ifinfomsg>(nameof(ifinfomsg.ifi_flags)));
        Assert.Equal(12, Unsafe.SizeOf<sockaddr_nl>());
    }

    [Fact]
    public void Spawn_MatchesGlibcSpawnH()
    {
        Assert.Equal(336, Unsafe.SizeOf<posix_spawnattr_t>());
        Assert.Equal(80, Unsafe.SizeOf<posix_spawn_file_actions_t>());
        Assert.Equal(128, Unsafe.SizeOf<sigset_t>());
    }

    [Fact]
    public void TmdsTypes_MatchKernelAbi()
    {
        Assert.Equal(20, Unsafe.SizeOf<sockaddr_ll>());
        Assert.Equal(16, Unsafe.SizeOf<timespec>());
        Assert.Equal(8, Unsafe.SizeOf<pollfd>());
    }

    [Fact]
    public void PollFd_HasPollfdLayout()
    {
        Assert.Equal(8, Unsafe.SizeOf<PollFd>());
        var entry = new PollFd(42, PollEvents.In | PollEvents.Pri);
        pollfd native = Unsafe.As<PollFd, pollfd>(ref entry);
        Assert.Equal(42, native.fd);
        Assert.Equal(3, native.events);
        Assert.Equal(0, native.revents);
    }
}
