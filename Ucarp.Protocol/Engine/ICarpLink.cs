namespace Ucarp.Protocol.Engine;

/// <summary>Where the engine's frames go: the host's packet socket, or an in-memory LAN in tests.</summary>
public interface ICarpLink
{
    /// <summary>Sends one whole Ethernet frame; false when the send failed.</summary>
    bool Send(ReadOnlySpan<byte> frame);
}
