using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using Tmds.Linux;
using static Tmds.Linux.LibC;
using static Ucarp.Cli.Interop.Libc;

namespace Ucarp.Cli.Linux;

/// <summary>
/// What getifaddrs says about the host's IPv4 addresses: a default interface when -i is missing
/// (pcap_lookupdev's place), and an interface's subnets for --observe.
/// </summary>
internal static class InterfaceDiscovery
{
    /// <summary>The first non-loopback interface that is up and has an IPv4 address, or null.</summary>
    public static string? FirstUsable()
    {
        foreach ((string? name, uint flags, _, _) in Ipv4Addresses())
        {
            if ((flags & IFF_UP) != 0 && (flags & IFF_LOOPBACK) == 0)
            {
                return name;
            }
        }
        return null;
    }

    /// <summary>
    /// Each IPv4 address of the device with its prefix length (host order, 198.18.0.1 = 0xC6120001).
    /// getifaddrs names an address by its label, so "eth0:1" addresses belong to eth0 too.
    /// </summary>
    public static IReadOnlyList<(uint Address, int PrefixLength)> Ipv4Subnets(string device)
    {
        var subnets = new List<(uint, int)>();
        foreach ((string? name, _, uint address, int prefixLength) in Ipv4Addresses())
        {
            if (name == device || (name?.StartsWith(device + ":", StringComparison.Ordinal) ?? false))
            {
                subnets.Add((address, prefixLength));
            }
        }
        return subnets;
    }

    private static unsafe List<(string? Name, uint Flags, uint Address, int PrefixLength)> Ipv4Addresses()
    {
        ifaddrs* list;
        _ = Errno.Check(getifaddrs(&list), "getifaddrs");
        try
        {
            var found = new List<(string?, uint, uint, int)>();
            for (ifaddrs* entry = list; entry != null; entry = entry->ifa_next)
            {
                if (entry->ifa_addr == null || entry->ifa_addr->sa_family != AF_INET)
                {
                    continue;
                }
                uint mask = entry->ifa_netmask == null ? uint.MaxValue : Read(entry->ifa_netmask);
                found.Add((SurrogateEscape.Decode(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(entry->ifa_name)),
                    entry->ifa_flags, Read(entry->ifa_addr), BitOperations.PopCount(mask)));
            }
            return found;
        }
        finally
        {
            freeifaddrs(list);
        }
    }

    /// <summary>sockaddr_in: family (2 bytes), port (2), then the address in network order.</summary>
    private static unsafe uint Read(sockaddr* address) =>
        BinaryPrimitives.ReadUInt32BigEndian(new ReadOnlySpan<byte>((byte*)address + 4, 4));
}
