using System.Net;
using System.Text.Json;
using Ucarp.Protocol.Packets;
using Ucarp.Tests.Fakes;

namespace Ucarp.Tests.Packets;

/// <summary>One frame captured from Debian's ucarp 1.5.2, with the configuration that produced it.</summary>
public sealed record FrameVector(string Config, int Index, string Kind, string Hex, byte Vhid, string Password,
    uint Source, uint VirtualAddress, uint Group, bool Broadcast, MacAddress InterfaceMac, byte AdvBase, byte AdvSkew)
{
    public override string ToString() => $"{Config}#{Index}:{Kind}";

    public static List<FrameVector> All()
    {
        using JsonDocument doc = RepositoryFiles.LoadVector("ucarp-1.5.2-frames.json");
        var data = new List<FrameVector>();
        foreach (JsonElement config in doc.RootElement.GetProperty("configs").EnumerateArray())
        {
            string[] args = config.GetProperty("ucarp_args").EnumerateArray().Select(a => a.GetString()!).ToArray();
            string group = args.FirstOrDefault(a => a.StartsWith("--mcast=", StringComparison.Ordinal))?["--mcast=".Length..] ?? "224.0.0.18";
            byte advBase = byte.Parse(ValueOf(args, "-b") ?? "1", System.Globalization.CultureInfo.InvariantCulture);
            byte advSkew = byte.Parse(ValueOf(args, "-k") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
            string mac = config.GetProperty("interface_mac").GetString()!;
            int index = 0;
            foreach (JsonElement frame in config.GetProperty("frames").EnumerateArray())
            {
                data.Add(new FrameVector(
                    config.GetProperty("name").GetString()!, index++,
                    frame.GetProperty("kind").GetString()!, frame.GetProperty("hex").GetString()!,
                    (byte)config.GetProperty("vhid").GetInt32(), config.GetProperty("password").GetString()!,
                    Ipv4.ToUInt32(IPAddress.Parse(config.GetProperty("srcip").GetString()!)),
                    Ipv4.ToUInt32(IPAddress.Parse(config.GetProperty("vip").GetString()!)),
                    Ipv4.ToUInt32(IPAddress.Parse(group)),
                    args.Contains("-M"),
                    MacAddress.Read(Convert.FromHexString(mac.Replace(":", "", StringComparison.Ordinal))),
                    advBase, advSkew));
            }
        }
        return data;
    }

    private static string? ValueOf(string[] args, string option)
    {
        int i = Array.IndexOf(args, option);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
