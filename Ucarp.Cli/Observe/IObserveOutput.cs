using Ucarp.Protocol.Observe;

namespace Ucarp.Cli.Observe;

// Where --observe writes: events as they happen, the summary at the end (and on SIGUSR1).
internal interface IObserveOutput : IObserverEvents
{
    void WriteSummary(SegmentObserver observer);
}
