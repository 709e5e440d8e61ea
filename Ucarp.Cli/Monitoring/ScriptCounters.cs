using Ucarp.Protocol.Engine;

namespace Ucarp.Cli.Monitoring;

/// <summary>Up and down script runs (every start attempt) and failures (not started, non-zero exit, killed).</summary>
internal sealed class ScriptCounters
{
    private long _upRuns;
    private long _downRuns;
    private long _upFailures;
    private long _downFailures;

    public long Runs(bool up) => up ? _upRuns : _downRuns;

    public long Failures(bool up) => up ? _upFailures : _downFailures;

    /// <summary>Changes whenever a count does: the monitor compares it to see whether to rewrite.</summary>
    public long Total => _upRuns + _downRuns + _upFailures + _downFailures;

    public void CountRun(CarpState state)
    {
        if (state == CarpState.Master)
        {
            _upRuns++;
        }
        else
        {
            _downRuns++;
        }
    }

    public void CountFailure(CarpState state)
    {
        if (state == CarpState.Master)
        {
            _upFailures++;
        }
        else
        {
            _downFailures++;
        }
    }
}
