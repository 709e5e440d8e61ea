using System.Diagnostics.CodeAnalysis;
using System.Text;
using Ucarp.Protocol.Packets;
using static Tmds.Linux.LibC;
using static Ucarp.Cli.Interop.Libc;

namespace Ucarp.Cli.Linux;

/// <summary>
/// What the kernel says about one network device, read with the same ioctls ucarp uses (fillmac.c, carp.c).
/// </summary>
internal sealed record NetDevice(string Name, int Index, MacAddress Mac, bool IsUp, bool IsRunning)
{
    // <net/if.h> IFNAMSIZ: a name takes at most this many bytes with its terminating NUL.
    public const int MaxNameBytes = IFNAMSIZ;

    /// <summary>Init scripts pass alias labels ("eth0:carp0"); the device is the part before the colon.</summary>
    public static string DeviceName(string typed)
    {
        int colon = typed.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? typed : typed[..colon];
    }

    /// <summary>Throws ErrnoException ENODEV ("No such device") for an unknown device.</summary>
    public static unsafe NetDevice Query(string device)
    {
        string name = DeviceName(device);
        ifreq request = default;
        WriteName(name, &request);

        using FileDescriptorHandle handle = FileDescriptorHandle.Open(socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), "socket");

        Ioctl(handle.Fd, SIOCGIFINDEX, &request, "ioctl(SIOCGIFINDEX)");
        int index = request.ifr_ifindex;

        Ioctl(handle.Fd, SIOCGIFHWADDR, &request, "ioctl(SIOCGIFHWADDR)");
        MacAddress mac = MacAddress.Read(new ReadOnlySpan<byte>(request.ifr_hwaddr_sa_data, MacAddress.Size));

        Ioctl(handle.Fd, SIOCGIFFLAGS, &request, "ioctl(SIOCGIFFLAGS)");
        uint flags = (ushort)request.ifr_flags;

        return new NetDevice(name, index, mac, (flags & IFF_UP) != 0, (flags & IFF_RUNNING) != 0);
    }

    /// <summary>As Query, but false when the device does not exist (any more): ENODEV.</summary>
    public static bool TryQuery(string device, [NotNullWhen(true)] out NetDevice? info)
    {
        try
        {
            info = Query(device);
            return true;
        }
        catch (ErrnoException e) when (e.NativeErrorCode == ENODEV)
        {
            info = null;
            return false;
        }
    }

    /// <summary>
    /// Whether the device forwards IPv6 (RFC 4861: a router sets the R flag in its Neighbor
    /// Advertisements). Unknown counts as a host: a wrong R flag would make neighbours drop routes.
    /// </summary>
    public static bool ForwardsIpv6(string device)
    {
        // RawFile, not File.ReadAllText: its StreamReader brought UTF-16 and UTF-32 decoders into the binary.
        if (RawFile.OpenRead($"/proc/sys/net/ipv6/conf/{DeviceName(device)}/forwarding", out FileDescriptorHandle? handle) != 0)
        {
            return false;
        }
        using (handle)
        {
            Span<byte> content = stackalloc byte[16];
            int length = RawFile.Read(handle!, content);
            return length > 0 && content[..length].Trim("\n \t"u8).SequenceEqual("1"u8);
        }
    }

    private static unsafe void WriteName(string name, ifreq* request)
    {
        var destination = new Span<byte>(request->ifr_name, IFNAMSIZ);
        // A name that does not fit would be cut short by the kernel and could name another device.
        if (name.Length == 0 || SurrogateEscape.GetByteCount(name) >= IFNAMSIZ || name.Contains('\0', StringComparison.Ordinal))
        {
            Errno.Throw("ioctl(SIOCGIFINDEX)", ENODEV);
        }
        destination.Clear();
        _ = SurrogateEscape.Encode(name, destination);
    }

    private static unsafe void Ioctl(int fd, int request, ifreq* argument, string call) =>
        _ = Errno.CheckRetry((fd, request, (nint)argument), static (in (int Fd, int Request, nint Argument) s) =>
            ioctl(s.Fd, s.Request, (void*)s.Argument), call);
}
