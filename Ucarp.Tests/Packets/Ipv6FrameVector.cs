using System.Net;
using System.Text.Json;
using Ucarp.Protocol.Auth;
using Ucarp.Protocol.Packets;
using Ucarp.Tests.Fakes;

namespace Ucarp.Tests.Packets;

/// <summary>One IPv6 advertisement of Vectors/ipv6-frames.json (made by make-ipv6-vectors.py from OpenBSD's algorithm).</summary>
internal sealed record Ipv6FrameVector(
    byte Vhid, byte AdvSkew, byte AdvBase, ulong Counter, UInt128 Source, UInt128 Vip, byte[] Password,
    byte[] HmacSent, byte[] HmacWithLinkLocal, byte[] Frame)
{
    public static IReadOnlyList<Ipv6FrameVector> All { get; } = Load();

    public static JsonElement Root => RepositoryFiles.LoadVector("ipv6-frames.json").RootElement;

    public CarpHeader Header => new(0x21, Vhid, AdvSkew, AdvBase, Counter);

    public CarpDigest Digest(bool linkLocalIncluded = false) => CarpDigest.ForIpv6(Password, Vhid, Vip, linkLocalIncluded);

    public static UInt128 Address(JsonElement text) => CarpAddress.FromIPAddress(IPAddress.Parse(text.GetString()!)).Value;

    private static List<Ipv6FrameVector> Load() =>
        [.. Root.GetProperty("adverts").EnumerateArray().Select(v => new Ipv6FrameVector(
            v.GetProperty("vhid").GetByte(),
            v.GetProperty("advskew").GetByte(),
            v.GetProperty("advbase").GetByte(),
            Convert.ToUInt64(v.GetProperty("counter").GetString(), 16),
            Address(v.GetProperty("source")),
            Address(v.GetProperty("vip")),
            System.Text.Encoding.UTF8.GetBytes(v.GetProperty("password").GetString()!),
            Convert.FromHexString(v.GetProperty("hmac_sent").GetString()!),
            Convert.FromHexString(v.GetProperty("hmac_with_link_local").GetString()!),
            Convert.FromHexString(v.GetProperty("frame").GetString()!)))];
}
