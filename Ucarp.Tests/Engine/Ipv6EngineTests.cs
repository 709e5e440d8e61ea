using System.Net;
using Ucarp.Protocol.Engine;
using Ucarp.Protocol.Packets;
using Ucarp.Tests.Fakes;

namespace Ucarp.Tests.Engine;

public class Ipv6EngineTests
{
    private static FakeLan.Node Add(FakeLan lan, string source, Func<CarpConfig, CarpConfig>? configure = null) =>
        lan.Add(source, c =>
        {
            CarpConfig v6 = c with { VirtualAddress = IPAddress.Parse("2001:db8::100") };
            return configure?.Invoke(v6) ?? v6;
        });

    /// <summary>2001:db8::1 becomes master alone, then 2001:db8::2 joins and hears it for <paramref name="settle"/>.</summary>
    private static (FakeLan.Node Master, FakeLan.Node Backup) MasterThenBackup(FakeLan lan, TimeSpan settle,
        Func<CarpConfig, CarpConfig>? master = null, Func<CarpConfig, CarpConfig>? backup = null)
    {
        FakeLan.Node a = Add(lan, "2001:db8::1", master);
        lan.RunFor(TimeSpan.FromSeconds(4));
        FakeLan.Node b = Add(lan, "2001:db8::2", backup);
        lan.RunFor(settle);
        return (a, b);
    }

    private static string Kinds(FakeLan.Node node) =>
        string.Join(" ", node.Sent.Select(s => FakeLan.Node.IsAdvert(s.Frame) ? "CARP"
            : s.Frame[EthernetHeader.Size + 6] == NeighborAdvertisement.IcmpV6Protocol ? "NA" : "?"));

    [Fact]
    public void Start_TwoPeersAtOnce_LowerAddressInNetworkOrderWins()
    {
        var lan = new FakeLan();
        // In ucarp's IPv4 order (last byte most significant) ::2:1 would win; IPv6 compares bytes in order.
        FakeLan.Node b = Add(lan, "2001:db8::2:1");
        FakeLan.Node a = Add(lan, "2001:db8::1:2");

        lan.RunFor(TimeSpan.FromSeconds(30));

        Assert.Equal(CarpState.Master, a.State);
        Assert.Equal(CarpState.Backup, b.State);
        Assert.Equal(["Backup:Startup", "Master:MasterDown", "Backup:PreferredMaster"], b.Events.Log);
        Assert.Empty(b.Events.Drops);
    }

    [Fact]
    public void Takeover_AdvertThenNeighborAdvertisementThenSecondTwoAdvertsLater()
    {
        var lan = new FakeLan();
        FakeLan.Node a = Add(lan, "fe80::1", c => c with { AdvBase = 0, AdvSkew = 50, Router = true, AnnounceAfterUpScript = true });

        lan.RunUntil(() => a.State == CarpState.Master, TimeSpan.FromSeconds(1));
        a.Engine.AnnounceVip();
        lan.RunFor(TimeSpan.FromSeconds(0.7));

        Assert.StartsWith("CARP NA CARP CARP NA CARP", Kinds(a), StringComparison.Ordinal);
        byte[] expected = new byte[NeighborAdvertisement.Size];
        NeighborAdvertisement.Write(expected, a.Config.InterfaceMac, CarpAddress.FromIPAddress(a.Config.VirtualAddress).Value, router: true);
        Assert.Equal(expected, a.Sent[1].Frame);
        Assert.Equal(Ipv6AdvertisementFrame.Size, a.Sent[0].Frame.Length);
    }

    [Fact]
    public void MasterLost_BackupTakesOverOneDeadIntervalAfterLastAdvert()
    {
        var lan = new FakeLan();
        (FakeLan.Node a, FakeLan.Node b) = MasterThenBackup(lan, TimeSpan.FromSeconds(10.5));
        Assert.Equal((CarpState.Master, CarpState.Backup), (a.State, b.State));

        a.Connected = false;
        TimeSpan lastAdvert = b.Received.Max(r => r.At);
        lan.RunUntil(() => b.State == CarpState.Master, TimeSpan.FromSeconds(5));

        Assert.Equal(lastAdvert + TimeSpan.FromSeconds(3), b.SentAdverts.First().At);
    }

    [Fact]
    public void Leave_MasterBowsOut_BackupTakesOverAtOnce()
    {
        var lan = new FakeLan();
        (FakeLan.Node a, FakeLan.Node b) = MasterThenBackup(lan, TimeSpan.FromSeconds(5));

        a.Engine.Leave(bowOut: true);
        lan.Deliver();

        Assert.Equal(CarpState.Master, b.State);
        Assert.Equal(TransitionReason.MasterGoingToTimeOut, b.Events.Changes[^1].Reason);
    }

    [Fact]
    public void Preempt_LowerSkewBackup_TakesOverFromIpv6Master()
    {
        var lan = new FakeLan();
        (FakeLan.Node a, FakeLan.Node b) = MasterThenBackup(lan, TimeSpan.FromSeconds(3),
            c => c with { AdvSkew = 100 }, c => c with { Preempt = true });

        Assert.Equal((CarpState.Backup, CarpState.Master), (a.State, b.State));
        Assert.Equal(TransitionReason.Preemption, b.Events.Changes[^1].Reason);
    }

    [Fact]
    public void MixedSegment_Ipv4AdvertsNeverReachTheIpv6Election()
    {
        var lan = new FakeLan();
        FakeLan.Node v4 = lan.Add("198.18.0.1");
        lan.RunFor(TimeSpan.FromSeconds(4));
        FakeLan.Node v6 = Add(lan, "2001:db8::2");
        lan.RunFor(TimeSpan.FromSeconds(5));

        Assert.Equal((CarpState.Master, CarpState.Master), (v4.State, v6.State));
        Assert.All(v6.Events.Drops, d => Assert.Equal(DropReason.NotCarp, d));
        Assert.All(v4.Events.Drops, d => Assert.Equal(DropReason.NotCarp, d));
        Assert.NotEmpty(v6.Events.Drops);
        Assert.All(v6.Sent, s => Assert.Equal(0x86DD, System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(s.Frame.AsSpan(12))));
    }
}
