using Ucarp.Protocol.Engine;

namespace Ucarp.Tests.Fakes;

/// <summary>An engine's link that keeps every frame sent and sends nowhere.</summary>
internal sealed class RecordingLink : ICarpLink
{
    public List<byte[]> Sent { get; } = [];

    /// <summary>"CARP" or "ARP" (or "NA") per frame sent, in order.</summary>
    public string Kinds => string.Join(" ", Sent.Select(f => FakeLan.Node.IsAdvert(f) ? "CARP" : "ARP"));

    public bool Send(ReadOnlySpan<byte> frame)
    {
        Sent.Add(frame.ToArray());
        return true;
    }
}
