using System.Diagnostics;
using System.Net;
using Ucarp.Cli.Linux;
using Ucarp.Protocol;
using Ucarp.Protocol.Auth;
using Ucarp.Protocol.Packets;

namespace Ucarp.Tests.Network;

/// <summary>A storm of forged advertisements must neither fill the logs nor unseat the master.</summary>
[Trait("Category", "Privileged")]
public class FloodTests
{
    private const int EAGAIN = 11;
    private const int ENOBUFS = 105;

    [Fact]
    public void ForgedAdvertFlood_BackupStaysBackup_WarningsStayRateLimited()
    {
        using UcarpCluster cluster = UcarpCluster.Create(3);
        using TestProcess a = cluster.StartMaster();
        using TestProcess b = cluster.StartBackup();
        Thread.Sleep(1000);

        // 20,000 frames from the third host: our vhid, a preferred interval, a wrong digest.
        TestHost attacker = cluster.Hosts[2];
        var clock = Stopwatch.StartNew();
        int sent = TestNetwork.RunInNamespace(attacker.Namespace, () => SendForged(attacker, 20_000));
        TimeSpan took = clock.Elapsed;
        Thread.Sleep(500);

        Assert.Equal(20_000, sent);
        Assert.Equal([0], cluster.Masters());
        Assert.Null(b.WaitForLine("Switching to state: MASTER", TimeSpan.Zero));
        int allowed = (int)Math.Ceiling(took.TotalSeconds + 1.5) + 1;
        Assert.InRange(a.Lines.Count(l => l.Contains("Bad digest", StringComparison.Ordinal)), 1, allowed);
        Assert.InRange(b.Lines.Count(l => l.Contains("Bad digest", StringComparison.Ordinal)), 1, allowed);
    }

    private static int SendForged(TestHost from, int count)
    {
        NetDevice device = NetDevice.Query(from.Interface);
        using CarpPacketSocket socket = CarpPacketSocket.Open(device.Index, 7, from.Address);
        var digest = new CarpDigest("not-the-password"u8, 7, Ipv4.ToUInt32(IPAddress.Parse("198.18.0.100")));
        byte[] frame = new byte[AdvertisementFrame.Size];
        int sent = 0;
        for (int i = 0; i < count; i++)
        {
            var header = new CarpHeader(CarpConstants.VersionAndType, 7, 0, 1, (ulong)i);
            AdvertisementFrame.Write(frame, header, Ipv4.ToUInt32(from.Address), CarpConstants.DefaultGroup, false, (ushort)i, digest);
            int errno;
            // The non-blocking socket may be full for a moment: retry, as a real flooder would.
            while ((errno = socket.Send(frame)) is EAGAIN or ENOBUFS)
            {
                Thread.Yield();
            }
            if (errno == 0)
            {
                sent++;
            }
        }
        return sent;
    }
}
