using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using Ucarp.Protocol;
using Ucarp.Protocol.Packets;

namespace Ucarp.Tests.Network;

/// <summary>
/// IPv6 CARP between real daemons on a namespace segment (2001:db8::/32), checked on the wire by
/// tshark. Election, link-cut takeover and preemption run for both families in ElectionTests.
/// <see cref="InstanceIpv6Tests"/> runs them again with ours as an instance of a multi-instance process.
/// </summary>
[Trait("Category", "Privileged")]
public class Ipv6Tests
{
    private static readonly TimeSpan Election = TimeSpan.FromSeconds(8);

    /// <summary>How ours runs in every test of the class.</summary>
    protected virtual OursMode Ours => OursMode.Process;

    [Fact]
    public void StatusFile_BackupShowsIpv6VipSourceAndMaster()
    {
        using UcarpCluster cluster = UcarpCluster.Create(2, ipv6: true, ours: Ours);
        string status = Path.Combine(cluster.WorkDirectory, "status.json");
        using TestProcess a = cluster.StartMaster();
        using TestProcess b = cluster.StartOurs(1, "--status-file=" + status);

        string? Field(string name) => File.Exists(status)
            ? System.Text.Json.JsonDocument.Parse(File.ReadAllText(status)).RootElement.GetProperty(name).GetString()
            : null;
        bool heard = UcarpCluster.WaitUntil(() => Field("master") == "2001:db8::1", Election);

        Assert.True(heard, File.Exists(status) ? File.ReadAllText(status) : string.Join("\n", b.Lines));
        Assert.Equal(("2001:db8::100", "2001:db8::2"), (Field("vip"), Field("source")));
    }

    [Fact]
    public void MasterLinkCut_ClientPingsTheVipOnTheBackupWithinTheDeadInterval()
    {
        using UcarpCluster cluster = UcarpCluster.Create(3, ipv6: true, ours: Ours);
        using TestProcess a = cluster.StartMaster();
        using TestProcess b = cluster.StartBackup();
        string client = cluster.Hosts[2].Namespace;
        Assert.Equal(0, TestNetwork.Exec(client, $"ping -6 -c 1 -W 2 {cluster.Vip}").ExitCode);

        var clock = Stopwatch.StartNew();
        cluster.Network.SetCarrier(cluster.Hosts[0], up: false);
        bool answered = UcarpCluster.WaitUntil(() => TestNetwork.Exec(client, $"ping -6 -c 1 -W 0.2 {cluster.Vip}").ExitCode == 0, Election);

        Assert.True(answered, string.Join("\n", b.Lines));
        Assert.Equal([1], cluster.Masters().Where(i => i != 0));
        // Dead interval 3 s; the time is reported, never asserted tightly (a loaded machine stretches it).
        TestContext.Current.TestOutputHelper?.WriteLine($"VIP answered from the backup {clock.Elapsed.TotalMilliseconds:F0} ms after the cut");
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(2), Election);
    }

    [Fact]
    public void ShutdownWithZ_MasterBowsOut_BackupTakesOverBeforeTheDeadInterval()
    {
        using UcarpCluster cluster = UcarpCluster.Create(2, ipv6: true, ours: Ours);
        using TestProcess a = cluster.StartMaster("-z");
        using TestProcess b = cluster.StartBackup();

        a.Signal(15);

        Assert.NotNull(b.WaitForLine("Putting MASTER DOWN (going to time out)", Election));
        Assert.True(cluster.WaitForSingleMaster(1, Election), string.Join("\n", b.Lines));
        Assert.True(a.WaitForExit(Election));
        Assert.Contains(cluster.ScriptCalls(), l => l.StartsWith($"vip-down eth0 {cluster.Vip} state=BACKUP previous=MASTER", StringComparison.Ordinal));
    }

    [Fact]
    public void LinkLocalSource_ElectsAndFailsOver()
    {
        using UcarpCluster cluster = UcarpCluster.Create(2, ipv6: true, ours: Ours);
        using TestProcess a = cluster.StartMaster("-s", cluster.Hosts[0].LinkLocalAddress.ToString());
        using TestProcess b = cluster.StartOurs(1, "-s", cluster.Hosts[1].LinkLocalAddress.ToString());
        Assert.NotNull(b.WaitForLine("Switching to state: BACKUP", Election));
        Thread.Sleep(4000);
        Assert.Equal([0], cluster.Masters());

        a.Signal(9);
        _ = TestNetwork.Exec(cluster.Hosts[0].Namespace, $"ip -6 addr del {cluster.Vip}/64 dev eth0");

        Assert.True(cluster.WaitForSingleMaster(1, Election), string.Join("\n", b.Lines));
    }

    [Fact]
    public void Adverts_OnTheWire_HopLimitGroupChecksumAndHmacAsOpenBsd_TsharkAgrees()
    {
        using UcarpCluster cluster = UcarpCluster.Create(3, ipv6: true, ours: Ours);
        // vhid 7's only (the CARP header's second byte): another instance of ours advertises its own.
        using FrameCapture capture = FrameCapture.Start(cluster, 2, "ip6 proto 112 and ip6[41] == 7", 3);
        using TestProcess a = cluster.StartMaster();

        IReadOnlyList<byte[]> frames = capture.Frames();
        Assert.Equal(3, frames.Count);
        foreach (byte[] frame in frames)
        {
            Assert.Equal("333300000012", Convert.ToHexString(frame, 0, 6));
            Assert.True(Ipv6Header.TryRead(frame.AsSpan(EthernetHeader.Size), out Ipv6Header ip));
            Assert.Equal((CarpHeader.Size, (byte)112, (byte)255), (ip.PayloadLength, ip.NextHeader, ip.HopLimit));
            Assert.Equal(CarpConstants.Ipv6Group, ip.Destination);
            Assert.Equal(CarpAddress.FromIPAddress(cluster.Hosts[0].Ipv6Address).Value, ip.Source);
            byte[] carp = frame.AsSpan(EthernetHeader.Size + Ipv6Header.Size, CarpHeader.Size).ToArray();
            Assert.Equal(0, InternetChecksum.Compute(carp));
            // The BCL's HMAC-SHA1, not ours: version, type, vhid, VIP, counter.
            byte[] message = [2, 1, 7, .. IPAddress.Parse(cluster.Vip).GetAddressBytes(), .. carp.AsSpan(8, 8)];
            Assert.Equal(HMACSHA1.HashData("test-pass"u8, message), carp.AsSpan(16, 20).ToArray());
        }

        string[] fields = ["carp.version", "carp.type", "carp.vhid", "carp.authlen", "carp.checksum.status", "ipv6.hlim", "ipv6.dst"];
        Assert.All(capture.Fields(fields), f => Assert.Equal(["2", "1", "7", "7", "1", "255", "ff02::12"], f));
    }

    [Fact]
    public void Takeover_UnsolicitedNeighborAdvertisementToAllNodes_TsharkAgrees()
    {
        using UcarpCluster cluster = UcarpCluster.Create(2, ipv6: true, ours: Ours);
        // The VIP's only (2001:db8::100, the target address's last 32 bits): another instance of ours announces its own.
        using FrameCapture capture = FrameCapture.Start(cluster, 1, "icmp6 and ip6[40] == 136 and dst host ff02::1 and ip6[60:4] == 0x100", 2);
        using TestProcess a = cluster.StartMaster();

        IReadOnlyList<byte[]> frames = capture.Frames();
        string mac = TestNetwork.Exec(cluster.Hosts[0].Namespace, "cat /sys/class/net/eth0/address").Stdout.Trim();
        byte[] expected = new byte[NeighborAdvertisement.Size];
        NeighborAdvertisement.Write(expected, MacAddress.Read(Convert.FromHexString(mac.Replace(":", "", StringComparison.Ordinal))),
            CarpAddress.FromIPAddress(IPAddress.Parse(cluster.Vip)).Value, router: false);
        // After the up script, and again two adverts later (carp.c's delayed ARP).
        Assert.Equal(2, frames.Count);
        Assert.All(frames, f => Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(f)));

        string[] fields = ["icmpv6.type", "icmpv6.checksum.status", "icmpv6.nd.na.flag.o", "icmpv6.nd.na.target_address", "icmpv6.opt.linkaddr", "ipv6.hlim"];
        Assert.All(capture.Fields(fields), f => Assert.Equal(["136", "1", "1", cluster.Vip, mac, "255"], f));
    }

    [Fact]
    public void Ipv4Adverts_OursAndOriginal_TsharkDecodesThemAlike()
    {
        UcarpCluster.SkipUnlessOriginalInstalled();
        using UcarpCluster cluster = UcarpCluster.Create(3, ours: Ours);
        // vhids 7 and 8 only (the CARP header's second byte): another instance of ours advertises its own.
        using FrameCapture capture = FrameCapture.Start(cluster, 2, "ip proto 112 and (ip[21] == 7 or ip[21] == 8)", 6);
        using TestProcess ours = cluster.StartOurs(0);
        using TestProcess original = cluster.StartOriginal(1, "-v", "8", "-a", "198.18.0.101");

        string[] fields = ["ip.src", "carp.version", "carp.type", "carp.authlen", "carp.checksum.status", "ip.ttl"];
        IReadOnlyList<string[]> decoded = capture.Fields(fields);
        string[] OfHost(int i) => [.. decoded.Where(f => f[0] == cluster.Hosts[i].Address.ToString()).Select(f => string.Join(" ", f[1..])).Distinct()];
        Assert.Equal(["2 1 7 1 255"], OfHost(0));   // checksum status 1: Good
        Assert.Equal(OfHost(1), OfHost(0));
    }
}
