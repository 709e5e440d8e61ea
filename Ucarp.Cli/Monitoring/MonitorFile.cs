using Ucarp.Cli.Linux;
using Ucarp.Cli.Logging;

namespace Ucarp.Cli.Monitoring;

/// <summary>
/// One output file (status or metrics) with its format, as the event loop sees it: written at once at
/// start-up, then through its <see cref="Outbox"/> by the writer thread. A failure after start-up is a
/// warning at most once a minute, logged by the loop (the only thread that logs), and never stops the
/// daemon: monitoring must not take the VIP down.
/// </summary>
internal sealed class MonitorFile(string kind, string path, Func<InstanceSnapshot, byte[]> format, Logger log, TimeProvider time)
{
    private static readonly TimeSpan WarningInterval = TimeSpan.FromMinutes(1);

    private long _lastWarning;
    private long _suppressed;
    private bool _failing;

    public FileOutbox Outbox { get; } = new(path, format, time);

    /// <summary>Start-up: writes and fsyncs the file on this thread; on failure logs an error and returns false.</summary>
    public bool TryWriteNow(InstanceSnapshot snapshot)
    {
        int errno = AtomicFile.Replace(path, format(snapshot), durable: true);
        if (errno != 0)
        {
            log.Error(FailureLine(errno));
        }
        return errno == 0;
    }

    /// <summary>What the writer thread saw since the last call: failures as rate-limited warnings, and the recovery.</summary>
    public void Report()
    {
        int failures = Outbox.TakeFailures(out int errno);
        if (failures > 0)
        {
            if (!_failing || time.GetElapsedTime(_lastWarning) >= WarningInterval)
            {
                string line = FailureLine(errno);
                log.Warning(_suppressed == 0 ? line : $"{line} ({_suppressed} more failures)");
                _lastWarning = time.GetTimestamp();
                _suppressed = failures - 1;
            }
            else
            {
                _suppressed += failures;
            }
            _failing = true;
        }
        if (_failing && !Outbox.Failing)
        {
            _failing = false;
            _suppressed = 0;
            log.Info($"The {kind} file [{path}] is written again");
        }
    }

    private string FailureLine(int errno) => $"Unable to write {kind} file [{path}]: {Errno.Message(errno)}";
}
