using System.Buffers.Binary;
using System.Net;
using Microsoft.Extensions.Time.Testing;
using Ucarp.Protocol;
using Ucarp.Protocol.Engine;
using Ucarp.Protocol.Packets;

namespace Ucarp.Tests.Fakes;

/// <summary>
/// An Ethernet segment in memory joining several engines on one fake clock. Frames are queued and
/// delivered after the sender's call returns (no re-entrancy), with zero latency.
/// </summary>
internal sealed class FakeLan
{
    private readonly List<Node> _nodes = [];
    private readonly Queue<(Node From, byte[] Frame)> _inFlight = new();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero));

    public TimeSpan Elapsed { get; private set; }

    public IReadOnlyList<Node> Nodes => _nodes;

    /// <param name="seed">The node's randomness (counters, IP ids); a host restarted at the same address draws anew.</param>
    public Node Add(string address, Func<CarpConfig, CarpConfig>? configure = null, bool start = true, int? seed = null)
    {
        var config = new CarpConfig
        {
            Vhid = 7,
            SourceAddress = IPAddress.Parse(address),
            VirtualAddress = IPAddress.Parse("198.18.0.100"),
            Password = "love"u8.ToArray(),
            InterfaceMac = new MacAddress(0x0200_0000_0000UL | (uint)_nodes.Count + 1),
        };
        config = configure?.Invoke(config) ?? config;
        var node = new Node(this, config, seed ?? config.SourceAddress.GetHashCode());
        _nodes.Add(node);
        if (start)
        {
            node.Engine.Start();
            Deliver();
        }
        return node;
    }

    /// <summary>Advances the clock to each deadline in turn, firing timers and delivering frames.</summary>
    public void RunFor(TimeSpan duration)
    {
        TimeSpan end = Elapsed + duration;
        while (true)
        {
            TimeSpan? next = _nodes.Select(n => n.Engine.TimeUntilNextDeadline).Where(d => d is not null).Min();
            if (next is null || Elapsed + next.Value > end)
            {
                Advance(end - Elapsed);
                return;
            }
            Advance(next.Value);
            // Timers due at the same instant fire before any frame arrives: simultaneous, as on a real wire.
            foreach (Node node in _nodes.Where(n => n.Engine.TimeUntilNextDeadline == TimeSpan.Zero).ToList())
            {
                node.Engine.OnTimer();
            }
            Deliver();
        }
    }

    /// <summary>Wakes <paramref name="node"/> <paramref name="lateness"/> after its next deadline, as a loaded host would.</summary>
    public void WakeLate(Node node, TimeSpan lateness)
    {
        Advance(node.Engine.TimeUntilNextDeadline!.Value + lateness);
        node.Engine.OnTimer();
        Deliver();
    }

    /// <summary>Runs until <paramref name="condition"/> holds, at most <paramref name="limit"/>; returns the time it took.</summary>
    public TimeSpan RunUntil(Func<bool> condition, TimeSpan limit)
    {
        TimeSpan start = Elapsed;
        TimeSpan step = TimeSpan.FromMilliseconds(1);
        while (!condition())
        {
            Assert.True(Elapsed - start < limit, $"condition not met within {limit}");
            RunFor(step);
        }
        return Elapsed - start;
    }

    private void Advance(TimeSpan by)
    {
        Time.Advance(by);
        Elapsed += by;
    }

    internal void Deliver()
    {
        while (_inFlight.TryDequeue(out var item))
        {
            // The host's kernel filter passes only CARP: ARPs and Neighbor Advertisements never reach an engine.
            if (!Node.IsAdvert(item.Frame))
            {
                continue;
            }
            foreach (Node node in _nodes)
            {
                if (node != item.From && node.Connected && item.From.Connected)
                {
                    node.Engine.OnFrame(item.Frame);
                    node.Received.Add((Elapsed, item.Frame));
                }
            }
        }
    }

    internal sealed class Node : ICarpLink
    {
        private readonly FakeLan _lan;

        public Node(FakeLan lan, CarpConfig config, int seed)
        {
            _lan = lan;
            Config = config;
            Events = new RecordingEvents();
            Engine = new CarpEngine(config, lan.Time, this, Events, new Random(seed));
        }

        public CarpConfig Config { get; }
        public CarpEngine Engine { get; }
        public RecordingEvents Events { get; }
        public bool Connected { get; set; } = true;

        /// <summary>How many of the next sends fail.</summary>
        public int FailNextSends { get; set; }

        public List<(TimeSpan At, byte[] Frame)> Sent { get; } = [];
        public List<(TimeSpan At, byte[] Frame)> Received { get; } = [];

        public CarpState State => Engine.State;

        public IEnumerable<(TimeSpan At, CarpHeader Header)> SentAdverts =>
            Sent.Where(s => IsAdvert(s.Frame)).Select(s => (s.At, Header(s.Frame)));

        public bool Send(ReadOnlySpan<byte> frame)
        {
            if (FailNextSends > 0)
            {
                FailNextSends--;
                return false;
            }
            byte[] copy = frame.ToArray();
            Sent.Add((_lan.Elapsed, copy));
            _lan._inFlight.Enqueue((this, copy));
            return true;
        }

        /// <summary>IPv4, or IPv6 with next header 112: what the host's kernel filter passes.</summary>
        public static bool IsAdvert(byte[] frame) => BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(12)) switch
        {
            EthernetHeader.EtherTypeIpv4 => true,
            EthernetHeader.EtherTypeIpv6 => frame[EthernetHeader.Size + 6] == CarpConstants.IpProtocol,
            _ => false,
        };

        public static CarpHeader Header(byte[] frame)
        {
            bool ipv6 = BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(12)) == EthernetHeader.EtherTypeIpv6;
            _ = CarpHeader.TryRead(frame.AsSpan(EthernetHeader.Size + (ipv6 ? Ipv6Header.Size : Ipv4Header.MinSize)), out CarpHeader header);
            return header;
        }

    }
}
