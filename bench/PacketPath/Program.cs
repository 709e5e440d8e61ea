// Packet-path micro-benchmark: ns per advertisement for receive+verify.
// A simple timed loop with warm-up (no BenchmarkDotNet: nothing to download, seconds to run).
// Prints one line per case: "<name> <ns-per-op-median> <ns-per-op-min> <allocated-bytes-per-op>".
using System.Diagnostics;
using System.Net;
using Ucarp.Protocol.Auth;
using Ucarp.Protocol.Engine;
using Ucarp.Protocol.Observe;
using Ucarp.Protocol.Packets;

const byte Vhid = 7;
IPAddress ours = IPAddress.Parse("198.18.0.2"), peer = IPAddress.Parse("198.18.0.1"), vip = IPAddress.Parse("198.18.0.100");
byte[] password = "bench-pass"u8.ToArray();
uint group = Ipv4.ToUInt32(IPAddress.Parse("224.0.0.18"));
var digest = new CarpDigest(password, Vhid, Ipv4.ToUInt32(vip));

byte[] valid = new byte[AdvertisementFrame.Size];
AdvertisementFrame.Write(valid, new CarpHeader(0x21, Vhid, 0, 1, 0x0123456789abcdefUL), Ipv4.ToUInt32(peer), group, false, 4242, digest);
byte[] bad = (byte[])valid.Clone();
Span<byte> carp = bad.AsSpan(EthernetHeader.Size + Ipv4Header.MinSize, CarpHeader.Size);
carp[CarpHeader.DigestOffset] ^= 0x5a;           // wrong digest, checksum resealed: only the HMAC rejects it
CarpHeader.SealChecksum(carp);

var reader = new AdvertisementReader(Vhid, Ipv4.ToUInt32(ours), group, digest);
if (!reader.Read(valid).IsValid) throw new InvalidOperationException("valid frame rejected");
if (reader.Read(bad).Drop != DropReason.BadDigest) throw new InvalidOperationException("bad frame not BadDigest: " + reader.Read(bad).Drop);

var config = new CarpConfig { Vhid = Vhid, SourceAddress = ours, VirtualAddress = vip, Password = password, AdvSkew = 50 };
var engine = new CarpEngine(config, TimeProvider.System, new NullLink(), new NullEvents(), new Random(1));
engine.Start();
engine.OnFrame(valid);
if (engine.State != CarpState.Backup) throw new InvalidOperationException("engine not BACKUP");

int rounds = args.Length > 0 ? int.Parse(args[0]) : 15;
Run("AdvertisementReader.Read(valid)", () => { for (int i = 0; i < Batch; i++) { if (!reader.Read(valid).IsValid) throw new(); } });
Run("AdvertisementReader.Read(bad-digest)", () => { for (int i = 0; i < Batch; i++) { if (reader.Read(bad).IsValid) throw new(); } });
Run("CarpEngine.OnFrame(valid,BACKUP)", () => { for (int i = 0; i < Batch; i++) engine.OnFrame(valid); });
Run("CarpEngine.OnFrame(bad-digest,BACKUP)", () => { for (int i = 0; i < Batch; i++) engine.OnFrame(bad); });
if (engine.State != CarpState.Backup) throw new InvalidOperationException("engine left BACKUP");

// --observe: a forged flood from one source (its failed search cached), and the one-off VIP search
// over a /16 that a new advertiser costs (no match: every one of the 65,536 candidates is tried).
HmacSha1 key = CarpDigest.Key(password);
Ipv4Subnet[] sixteen = [Ipv4Subnet.Around(Ipv4.ToUInt32(ours), 16)];
var observer = new SegmentObserver(new ObserverConfig { Discovery = new VipDiscovery(key, sixteen, TimeProvider.System) }, TimeProvider.System, new NullObserverEvents());
observer.OnFrame(bad);
Run("SegmentObserver.OnFrame(bad-digest,cached)", () => { for (int i = 0; i < Batch; i++) observer.OnFrame(bad); });
if (VipDiscovery.Search(key, sixteen, valid.AsSpan(EthernetHeader.Size + Ipv4Header.MinSize)) != Ipv4.ToUInt32(vip)) throw new InvalidOperationException("VIP not found");
Run("VipDiscovery.Search(/16,no-match)", () => { if (VipDiscovery.Search(key, sixteen, bad.AsSpan(EthernetHeader.Size + Ipv4Header.MinSize)) != 0) throw new(); }, ops: 1);

void Run(string name, Action batch, int ops = Batch)
{
    // Warm-up: long enough for tiered JIT to reach optimized code (tier 1 + PGO).
    var warm = Stopwatch.StartNew();
    while (warm.ElapsedMilliseconds < 1500) batch();
    var samples = new double[rounds];
    long alloc0 = GC.GetAllocatedBytesForCurrentThread();
    for (int r = 0; r < rounds; r++)
    {
        long t0 = Stopwatch.GetTimestamp();
        batch();
        samples[r] = Stopwatch.GetElapsedTime(t0).TotalNanoseconds / ops;
    }
    double allocPerOp = (double)(GC.GetAllocatedBytesForCurrentThread() - alloc0) / ((long)rounds * ops);
    Array.Sort(samples);
    Console.WriteLine($"{name} {samples[rounds / 2]:F0} {samples[0]:F0} {allocPerOp:F1}");
}

partial class Program { const int Batch = 200_000; }

sealed class NullObserverEvents : IObserverEvents
{
    public void AdvertiserChanged(Advertiser advertiser, bool isNew) { }
    public void AlarmChanged(ObserverAlarm alarm) { }
}
sealed class NullLink : ICarpLink { public bool Send(ReadOnlySpan<byte> frame) => true; }
sealed class NullEvents : ICarpEvents
{
    public void StateChanged(StateChange change) { }
    public void AdvertisementDropped(in ReceivedAdvertisement advertisement) { }
    public void ReassertingMaster(CarpAddress otherSource) { }
    public void SendFailed(int consecutiveFailures, bool demoted) { }
    public void SendRecovered() { }
    public void BowedOut() { }
}
