using System.Buffers.Binary;
using System.Net;
using Ucarp.Protocol;
using Ucarp.Protocol.Auth;
using Ucarp.Protocol.Observe;
using Ucarp.Protocol.Packets;

namespace Ucarp.Tests.Observe;

/// <summary>Frames for the observer tests: our own advertisements (IPv4 and IPv6), and VRRP built by hand.</summary>
internal static class ObserveFrames
{
    public static uint Ip(string address) => Ipv4.ToUInt32(IPAddress.Parse(address));

    /// <summary>An observer that checks digests with the password "pw", looking for VIPs in 198.18.0.0/24.</summary>
    public static SegmentObserver Observer(TimeProvider time, IObserverEvents events) =>
        new(new ObserverConfig { Discovery = new VipDiscovery(CarpDigest.Key("pw"u8), [Ipv4Subnet.Around(Ip("198.18.0.1"), 24)], time) }, time, events);

    public static CarpAddress Address(string address) => CarpAddress.FromIPAddress(IPAddress.Parse(address));

    /// <summary>An advertisement of ours, over IPv6 when <paramref name="source"/> is an IPv6 address (ttl: its hop limit).</summary>
    public static byte[] Carp(string source, byte vhid, string password, string vip, ulong counter,
        byte advBase = 1, byte advSkew = 0, byte ttl = CarpConstants.Ttl)
    {
        if (Address(source).IsIpv6)
        {
            return Carp6(source, vhid, password, vip, counter, advBase, advSkew, ttl);
        }
        byte[] frame = new byte[AdvertisementFrame.Size];
        var header = new CarpHeader(CarpConstants.VersionAndType, vhid, advSkew, advBase, counter);
        AdvertisementFrame.Write(frame, header, Ip(source), CarpConstants.DefaultGroup, false, 1,
            new CarpDigest(System.Text.Encoding.UTF8.GetBytes(password), vhid, Ip(vip)));
        SetTtl(frame, ttl);
        return frame;
    }

    private static byte[] Carp6(string source, byte vhid, string password, string vip, ulong counter, byte advBase, byte advSkew, byte hopLimit)
    {
        byte[] frame = new byte[Ipv6AdvertisementFrame.Size];
        var header = new CarpHeader(CarpConstants.VersionAndType, vhid, advSkew, advBase, counter);
        Ipv6AdvertisementFrame.Write(frame, header, Address(source).Value,
            CarpDigest.ForIpv6(System.Text.Encoding.UTF8.GetBytes(password), vhid, Address(vip).Value, linkLocalIncluded: false));
        frame[EthernetHeader.Size + 7] = hopLimit;   // no IPv6 header checksum to fix
        return frame;
    }

    /// <summary>A VRRPv3 advertisement over IPv6 (RFC 5798) for one address, its checksum over the IPv6 pseudo-header.</summary>
    public static byte[] Vrrp6(string source, byte vrid, byte priority, string address)
    {
        const int PayloadLength = 8 + 16;
        byte[] frame = new byte[EthernetHeader.Size + Ipv6Header.Size + PayloadLength];
        new EthernetHeader(MacAddress.ForIpv6Group(CarpConstants.Ipv6Group), new MacAddress(0x0000_5E00_0200UL | vrid),
            EthernetHeader.EtherTypeIpv6).WriteTo(frame);
        new Ipv6Header(PayloadLength, 112, 255, Address(source).Value, CarpConstants.Ipv6Group).WriteTo(frame.AsSpan(EthernetHeader.Size));
        Span<byte> vrrp = frame.AsSpan(EthernetHeader.Size + Ipv6Header.Size);
        vrrp[0] = 0x31;
        vrrp[1] = vrid;
        vrrp[2] = priority;
        vrrp[3] = 1;
        BinaryPrimitives.WriteUInt16BigEndian(vrrp[4..], 100);
        BinaryPrimitives.WriteUInt128BigEndian(vrrp[8..], Address(address).Value);
        // RFC 8200 8.1 pseudo-header, written out here rather than taken from Ipv6Header.
        Span<byte> summed = stackalloc byte[40 + PayloadLength];
        frame.AsSpan(EthernetHeader.Size + 8, 32).CopyTo(summed);
        summed[35] = PayloadLength;
        summed[39] = 112;
        vrrp.CopyTo(summed[40..]);
        BinaryPrimitives.WriteUInt16BigEndian(vrrp[6..], InternetChecksum.Compute(summed));
        return frame;
    }

    public static void SetTtl(byte[] frame, byte ttl)
    {
        Span<byte> ip = frame.AsSpan(EthernetHeader.Size, Ipv4Header.MinSize);
        ip[8] = ttl;
        ip[10] = 0;
        ip[11] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], InternetChecksum.Compute(ip));
    }

    /// <summary>A VRRP advertisement for one IPv4 address: version 2 (RFC 3768, no auth) or 3 (RFC 5798).</summary>
    public static byte[] Vrrp(int version, string source, byte vrid, byte priority, string address)
    {
        int payloadLength = version == 2 ? 20 : 12;
        byte[] frame = new byte[EthernetHeader.Size + Ipv4Header.MinSize + payloadLength];
        new EthernetHeader(MacAddress.ForIpv4Group(CarpConstants.DefaultGroup), new MacAddress(0x0000_5E00_0100UL | vrid),
            EthernetHeader.EtherTypeIpv4).WriteTo(frame);
        new Ipv4Header(Ipv4Header.MinSize, 0xC0, (ushort)(Ipv4Header.MinSize + payloadLength), 0, 0, 255, 112,
            Ip(source), CarpConstants.DefaultGroup).WriteTo(frame.AsSpan(EthernetHeader.Size));
        Span<byte> vrrp = frame.AsSpan(EthernetHeader.Size + Ipv4Header.MinSize);
        vrrp[0] = (byte)((version << 4) | 1);
        vrrp[1] = vrid;
        vrrp[2] = priority;
        vrrp[3] = 1;
        if (version == 2)
        {
            vrrp[5] = 1;   // advertisement interval, seconds
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(vrrp[4..], 100);   // centiseconds
        }
        BinaryPrimitives.WriteUInt32BigEndian(vrrp[8..], Ip(address));
        Span<byte> summed = stackalloc byte[12 + payloadLength];
        int start = 0;
        if (version == 3)
        {
            BinaryPrimitives.WriteUInt32BigEndian(summed, Ip(source));
            BinaryPrimitives.WriteUInt32BigEndian(summed[4..], CarpConstants.DefaultGroup);
            summed[9] = 112;
            BinaryPrimitives.WriteUInt16BigEndian(summed[10..], (ushort)payloadLength);
            start = 12;
        }
        vrrp.CopyTo(summed[start..]);
        BinaryPrimitives.WriteUInt16BigEndian(vrrp[6..], InternetChecksum.Compute(summed[..(start + payloadLength)]));
        return frame;
    }
}
