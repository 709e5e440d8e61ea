using Ucarp.Cli.Monitoring;

namespace Ucarp.Cli.Daemon;

// The daemon's side of --status-file and --metrics-file, kept apart from the loop's logic.
internal sealed partial class DaemonHost
{
    private MonitorPublisher? _monitor;

    /// <summary>Writes the first snapshot before anything is opened: a file that cannot be written stops the start.</summary>
    private bool TryStartMonitor()
    {
        if (_options.StatusFile is null && _options.MetricsFile is null)
        {
            return true;
        }
        var monitor = new MonitorPublisher(_options, _typedInterface, _log, TimeProvider.System);
        if (!monitor.TryStart())
        {
            return false;
        }
        _monitor = monitor;
        return true;
    }
}
