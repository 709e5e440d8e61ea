using System.Net;
using System.Net.Sockets;
using Ucarp.Cli.Daemon;
using Ucarp.Cli.Linux;
using Ucarp.Protocol;
using Ucarp.Protocol.Auth;
using Ucarp.Protocol.Packets;
using Ucarp.Tests.Packets;
using static Tmds.Linux.LibC;
using static Ucarp.Cli.Interop.Libc;

namespace Ucarp.Tests.Linux;

/// <summary>
/// Every program runs in <see cref="BpfInterpreter"/> over the captured frames, their bad variants and
/// every truncation, and must pass exactly the frames the daemon would look at: those
/// <see cref="FrameDispatch{T}"/> routes to an instance whose reader does not call them foreign
/// (NotCarp) or our own (OwnSource). That the kernel loads them is tested on real sockets
/// (Network/CarpPacketSocketTests).
/// </summary>
public class CarpFilterTests
{
    private static readonly byte[] PacketTypes = [PACKET_HOST, PACKET_MULTICAST, PACKET_OUTGOING];

    private static readonly List<byte[]> Frames = AllFrames();

    [Theory]
    [InlineData("7@198.18.0.2")]
    [InlineData("7@198.18.0.1")]
    [InlineData("42@198.18.0.2")]
    [InlineData("1@198.18.0.2,7@198.18.0.1,9@198.18.0.2,42@198.18.0.3,255@198.18.0.2")]
    [InlineData("7@2001:db8::2")]
    [InlineData("7@2001:db8::1")]
    [InlineData("42@fe80::2")]
    [InlineData("7@2001:db8::2,9@2001:db8::2,42@fe80::1")]
    public void Build_Instances_PassesExactlyWhatTheReadersLookAt(string instances)
    {
        var configured = Parse(instances);
        Assert.Empty(Mismatches(CarpFilter.Build(configured), configured).Take(5));
    }

    [Theory]
    [InlineData("198.18.0.2")]
    [InlineData("2001:db8::2")]
    public void Build_OneInstance_SameVerdictsAsTheSingleInstanceOverload(string source)
    {
        IPAddress address = IPAddress.Parse(source);
        Assert.Empty(Mismatches(CarpFilter.Build(7, address), [(7, address)]).Take(5));
    }

    [Theory]
    [InlineData("198.18.0.2")]
    [InlineData("2001:db8::2")]
    public void Build_EveryVhid_FitsTheKernelsLimitAndPassesExactlyWhatTheReadersLookAt(string source)
    {
        IPAddress address = IPAddress.Parse(source);
        List<(byte Vhid, IPAddress Source)> every = [.. Enumerable.Range(1, 255).Select(v => ((byte)v, address))];
        sock_filter[] program = CarpFilter.Build(every);
        Assert.InRange(program.Length, 1, 4096);   // BPF_MAXINSNS
        Assert.Empty(Mismatches(program, every).Take(5));
    }

    /// <summary>
    /// The comparison above can fail: each program with any one jump sent to its other label, or any one
    /// verdict inverted, passes or drops some frame the readers disagree with.
    /// </summary>
    [Theory]
    [InlineData("7@198.18.0.1")]
    [InlineData("7@198.18.0.2,42@198.18.0.1")]
    [InlineData("7@2001:db8::1")]
    [InlineData("7@2001:db8::2,42@fe80::1")]
    public void Mismatches_AnyWrongJumpOrVerdict_IsCaught(string instances)
    {
        var configured = Parse(instances);
        sock_filter[] program = CarpFilter.Build(configured);
        var expected = Expected(configured);
        for (int at = 0; at < program.Length; at++)
        {
            sock_filter[] wrong = [.. program];
            if (wrong[at].code == (BPF_RET | BPF_K))
            {
                wrong[at].k = wrong[at].k == 0 ? uint.MaxValue : 0;
            }
            else if (wrong[at].code == (BPF_JMP | BPF_JEQ | BPF_K) || wrong[at].code == (BPF_JMP | BPF_JGE | BPF_K)
                || wrong[at].code == (BPF_JMP | BPF_JGT | BPF_K))
            {
                (wrong[at].jt, wrong[at].jf) = (wrong[at].jf, wrong[at].jt);
            }
            else
            {
                continue;
            }
            Assert.True(Mismatches(wrong, expected).Any(), $"instruction {at} changed, no frame noticed");
        }
    }

    [Fact]
    public void BuildObserver_EveryDirection_PassesCarpOfBothFamiliesOnly()
    {
        sock_filter[] program = CarpFilter.BuildObserver();
        foreach (byte[] frame in Frames)
        {
            bool carp = (frame.Length > 23 && frame[12] == 0x08 && frame[13] == 0x00 && frame[23] == IPPROTO_CARP)
                || (frame.Length > 20 && frame[12] == 0x86 && frame[13] == 0xDD && frame[20] == IPPROTO_CARP);
            foreach (byte type in PacketTypes)
            {
                Assert.Equal(carp ? uint.MaxValue : 0, BpfInterpreter.Run(program, frame, type));
            }
        }
    }

    private static IEnumerable<string> Mismatches(sock_filter[] program, List<(byte Vhid, IPAddress Source)> instances) =>
        Mismatches(program, Expected(instances));

    private static IEnumerable<string> Mismatches(sock_filter[] program, List<(byte[] Frame, bool LooksAt)> expected)
    {
        foreach ((byte[] frame, bool looksAt) in expected)
        {
            foreach (byte type in PacketTypes)
            {
                // What we sent ourselves is never a peer's advertisement; passed frames are passed whole.
                uint want = looksAt && type != PACKET_OUTGOING ? uint.MaxValue : 0;
                uint got = BpfInterpreter.Run(program, frame, type);
                if (got != want)
                {
                    yield return $"packet type {type}, {Convert.ToHexString(frame)}: filter {got}, readers {want}";
                }
            }
        }
    }

    private static List<(byte[] Frame, bool LooksAt)> Expected(List<(byte Vhid, IPAddress Source)> instances)
    {
        bool ipv6 = instances[0].Source.AddressFamily == AddressFamily.InterNetworkV6;
        var readers = new FrameDispatch<Func<byte[], DropReason>>(ipv6);
        foreach ((byte vhid, IPAddress source) in instances)
        {
            if (ipv6)
            {
                var reader = new Ipv6AdvertisementReader(vhid, CarpAddress.FromIPAddress(source).Value,
                    CarpDigest.ForIpv6("love"u8, vhid, 1, linkLocalIncluded: false), null);
                readers.Add(vhid, f => reader.Read(f).Drop);
            }
            else
            {
                var reader = new AdvertisementReader(vhid, Ipv4.ToUInt32(source), CarpConstants.DefaultGroup, new CarpDigest("love"u8, vhid, 1));
                readers.Add(vhid, f => reader.Read(f).Drop);
            }
        }
        return [.. Frames.Select(f => (f, LooksAt(readers, f)))];
    }

    /// <summary>
    /// A frame cut short is judged by the header fields it still has: padded back with zeros, it must
    /// not be foreign or ours (the daemon counts the others as too short). FrameDispatch routes only
    /// frames that still hold the vhid byte, the last one the filter reads.
    /// </summary>
    private static bool LooksAt(FrameDispatch<Func<byte[], DropReason>> readers, byte[] frame)
    {
        Func<byte[], DropReason>? read = readers.Route(frame);
        if (read is null)
        {
            return false;
        }
        DropReason reason = read(frame);
        if (reason == DropReason.TooShort)
        {
            byte[] padded = new byte[256];
            frame.CopyTo(padded, 0);
            reason = read(padded);
        }
        return reason is not (DropReason.NotCarp or DropReason.OwnSource);
    }

    private static List<(byte Vhid, IPAddress Source)> Parse(string instances) =>
        [.. instances.Split(',').Select(i => i.Split('@')).Select(p => (byte.Parse(p[0], System.Globalization.CultureInfo.InvariantCulture), IPAddress.Parse(p[1])))];

    /// <summary>The captured frames of both families, each header field the filter or the readers judge made wrong, and every truncation.</summary>
    private static List<byte[]> AllFrames()
    {
        List<byte[]> captured =
        [
            .. FrameVector.All().Select(v => Convert.FromHexString(v.Hex)),
            .. Ipv6FrameVector.All.Select(v => v.Frame),
            .. Ipv6FrameVector.Root.GetProperty("neighbor_advertisements").EnumerateArray().Select(n => Convert.FromHexString(n.GetProperty("frame").GetString()!)),
        ];
        var frames = new List<byte[]>();
        foreach (byte[] frame in captured)
        {
            frames.Add(frame);
            frames.Add([.. frame, 0, 0, 0, 0]);
            for (int length = 0; length < frame.Length; length++)
            {
                frames.Add(frame[..length]);
            }
            // EtherType (12), IPv4 version/IHL, TTL, protocol, checksum, source, destination, CARP version,
            // vhid (14, 22, 23, 24, 26/29, 33, 34, 35); IPv6 version, payload length, next header, hop limit,
            // source first/middle/last byte, destination, CARP version, vhid (14, 19, 20, 21, 22/29/37, 53, 54, 55).
            (int At, byte Value)[] changes = frame[12] == 0x08 && frame[13] == 0x00
                ? [(12, 0x86), (13, 0x06), (14, 0x65), (14, 0x44), (14, 0x40), (14, 0x4F), (22, 1), (23, 17), (24, 0), (26, 10),
                    (29, 2), (29, 3), (33, 19), (34, 0x31), (35, 8), (35, 42), (35, 255)]
                : frame[12] == 0x86 && frame[13] == 0xDD
                ? [(12, 0x08), (13, 0x00), (14, 0x40), (14, 0x70), (19, 0), (20, 58), (20, 112), (21, 1), (22, 0x30),
                    (29, 1), (37, 2), (37, 1), (53, 1), (54, 0x31), (55, 8), (55, 42), (55, 7)]
                : [];
            foreach ((int at, byte value) in changes)
            {
                byte[] changed = [.. frame];
                changed[at] = value;
                frames.Add(changed);
            }
            if (frame[12] == 0x08 && frame[13] == 0x00)
            {
                // Four bytes of IPv4 options (IHL 6): CARP starts 4 bytes later.
                byte[] options = [.. frame[..34], 1, 1, 1, 0, .. frame[34..]];
                options[14] = 0x46;
                frames.Add(options);
            }
        }
        return frames;
    }
}
