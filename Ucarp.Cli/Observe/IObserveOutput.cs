using Ucarp.Protocol.Observe;

namespace Ucarp.Cli.Observe;

// Where --observe writes: events as they happen, the summary at the end (and on SIGUSR1).
internal interface IObserveOutput : IObserverEvents
{
    /// <summary>The first line, once the socket is open: a quiet segment must not look like a hang.</summary>
    void Started(string interfaceName, byte vhid, TimeSpan? duration);

    void WriteSummary(SegmentObserver observer);
}
