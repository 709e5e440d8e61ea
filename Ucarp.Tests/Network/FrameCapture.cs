namespace Ucarp.Tests.Network;

/// <summary>
/// A tshark capture on one host's eth0, decoded afterwards by Wireshark's own dissectors: an
/// independent reading of what went over the wire. Protocol 112 is VRRP to Wireshark unless its
/// heuristic dissectors (CARP's among them) are tried first: ip.try_heuristic_first for IPv4,
/// ipv6.try_heuristic_first for IPv6 (the IPv4 preference alone leaves IPv6 adverts as VRRP).
/// </summary>
public sealed class FrameCapture : IDisposable
{
    private readonly TestProcess _tshark;

    private FrameCapture(TestProcess tshark, string file)
    {
        _tshark = tshark;
        File = file;
    }

    public string File { get; }

    public static void SkipUnlessInstalled() =>
        Assert.SkipUnless(System.IO.File.Exists("/usr/bin/tshark"), "tshark is not installed (./build.sh test installs it)");

    /// <summary>Captures up to <paramref name="count"/> frames matching the pcap <paramref name="filter"/>, for at most 20 s.</summary>
    public static FrameCapture Start(UcarpCluster cluster, int host, string filter, int count)
    {
        SkipUnlessInstalled();
        string file = Path.Combine(cluster.WorkDirectory, $"capture-{Guid.NewGuid():N}.pcap");
        TestProcess tshark = cluster.Network.StartProcess(cluster.Hosts[host].Namespace, "tshark",
            "-i", "eth0", "-n", "-q", "-c", count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-a", "duration:20", "-f", filter, "-F", "pcap", "-w", file);
        Assert.NotNull(tshark.WaitForLine("Capturing on", TimeSpan.FromSeconds(10)));
        return new FrameCapture(tshark, file);
    }

    /// <summary>Waits for the capture to end, then one line per frame with the fields tab-separated (a checksum status "1" is Good).</summary>
    public IReadOnlyList<string[]> Fields(params string[] fields)
    {
        Assert.True(_tshark.WaitForExit(TimeSpan.FromSeconds(30)), string.Join("\n", _tshark.Lines));
        string[] args = ["-r", File, "-n", "-o", "ip.try_heuristic_first:TRUE", "-o", "ipv6.try_heuristic_first:TRUE", "-T", "fields", .. fields.SelectMany(f => new[] { "-e", f })];
        ExecResult result = TestNetwork.Run("tshark", args).EnsureSuccess("tshark -r");
        return [.. result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t'))];
    }

    /// <summary>The captured frames' bytes (classic pcap: a 24-byte file header, 16 bytes before each frame).</summary>
    public IReadOnlyList<byte[]> Frames()
    {
        Assert.True(_tshark.WaitForExit(TimeSpan.FromSeconds(30)), string.Join("\n", _tshark.Lines));
        byte[] pcap = System.IO.File.ReadAllBytes(File);
        var frames = new List<byte[]>();
        for (int at = 24; at + 16 <= pcap.Length;)
        {
            int length = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(pcap.AsSpan(at + 8));
            frames.Add(pcap.AsSpan(at + 16, length).ToArray());
            at += 16 + length;
        }
        return frames;
    }

    public void Dispose() => _tshark.Dispose();
}
