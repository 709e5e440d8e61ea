using Ucarp.Protocol.Engine;

namespace Ucarp.Cli.Monitoring;

/// <summary>
/// What the status file and the metrics say about transitions: the last one, when it happened on
/// the wall clock (the engine only knows monotonic time), and how many went to each state.
/// </summary>
internal sealed class TransitionHistory
{
    private readonly long[] _to = new long[Enum.GetValues<CarpState>().Length];

    public TransitionHistory(DateTime startedUtc) => SinceUtc = startedUtc;

    public StateChange? Last { get; private set; }

    public DateTime SinceUtc { get; private set; }

    public long Count { get; private set; }

    public long To(CarpState state) => _to[(int)state];

    public void Record(StateChange change, DateTime utc)
    {
        Last = change;
        SinceUtc = utc;
        Count++;
        _to[(int)change.To]++;
    }
}
