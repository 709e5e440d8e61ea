using Ucarp.Cli.Logging;

namespace Ucarp.Cli.Monitoring;

/// <summary>
/// One output file (status or metrics) with its format. A failure after start-up is a warning at
/// most once a minute and never stops the daemon: monitoring must not take the VIP down.
/// </summary>
internal sealed class MonitorFile(string kind, string path, Func<InstanceSnapshot, byte[]> format, Logger log, TimeProvider time)
{
    private static readonly TimeSpan WarningInterval = TimeSpan.FromMinutes(1);

    private long _lastWarning;
    private long _suppressed;
    private bool _failing;

    /// <summary>Writes the file (fsynced when <paramref name="durable"/>); on failure logs why (an error when <paramref name="fatal"/>) and returns false.</summary>
    public bool TryWrite(InstanceSnapshot snapshot, bool fatal, bool durable = true)
    {
        try
        {
            AtomicFile.Replace(path, format(snapshot), durable);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string line = $"Unable to write {kind} file [{path}]: {e.Message}";
            if (fatal)
            {
                log.Error(line);
            }
            else if (!_failing || time.GetElapsedTime(_lastWarning) >= WarningInterval)
            {
                log.Warning(_suppressed == 0 ? line : $"{line} ({_suppressed} more failures)");
                _lastWarning = time.GetTimestamp();
                _suppressed = 0;
            }
            else
            {
                _suppressed++;
            }
            _failing = true;
            return false;
        }
        if (_failing)
        {
            _failing = false;
            _suppressed = 0;
            log.Info($"The {kind} file [{path}] is written again");
        }
        return true;
    }
}
