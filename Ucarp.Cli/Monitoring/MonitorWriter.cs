using Ucarp.Cli.Linux;
using Ucarp.Protocol.Engine;

namespace Ucarp.Cli.Monitoring;

/// <summary>
/// The thread that writes the status and metrics files, so that a slow or hung file system never
/// delays an advertisement or a takeover: the event loop only hands over snapshots (<see cref="FileOutbox"/>)
/// and signals an eventfd. It exists only when a file option is given, is started once the signals
/// are blocked (<see cref="Start"/>: it inherits the mask), and on exit gets a bounded time to write
/// the last snapshots; a write still hanging then is left behind with the process.
/// </summary>
internal sealed class MonitorWriter : IDisposable
{
    public const string ThreadName = "ucarp-files";

    /// <summary>How long an exit waits for the last snapshots (STOPPED) to be written.</summary>
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(2);

    private readonly List<FileOutbox> _files = [];
    private readonly WakeEvent _wake = new();
    private NativeThread? _thread;
    private volatile bool _stopping;

    /// <summary>Before <see cref="Start"/>.</summary>
    public void Add(FileOutbox file) => _files.Add(file);

    public void Start()
    {
        _thread = NativeThread.Start(Run, ThreadName);
    }

    /// <summary>Event loop: something was offered. One non-blocking write(2).</summary>
    public void Wake() => _wake.Signal();

    /// <summary>One pass over the files (<see cref="FileOutbox.WriteDue"/>): how long until a retry is due, null when none waits.</summary>
    public TimeSpan? WritePending(bool final = false)
    {
        TimeSpan? next = null;
        foreach (FileOutbox file in _files)
        {
            next = Deadlines.Earliest(next, file.WriteDue(final));
        }
        return next;
    }

    private void Run()
    {
        var fds = new PollFd[1];
        while (true)
        {
            // Cleared before the pass: an offer made during it wakes the next wait at once.
            _wake.Clear();
            bool stopping = _stopping;
            TimeSpan? retry = WritePending(final: stopping);
            if (stopping)
            {
                return;
            }
            fds[0] = new PollFd(_wake.Fd, PollEvents.In);
            _ = Poller.Wait(fds, retry);
        }
    }

    /// <summary>Writes what is pending (on this thread when the writer never started), within <see cref="ExitWait"/>.</summary>
    public void Dispose()
    {
        if (_thread is null)
        {
            _ = WritePending(final: true);
            _wake.Dispose();
            return;
        }
        _stopping = true;
        _wake.Signal();
        if (_thread.Join(ExitWait))
        {
            _wake.Dispose();
        }
    }
}
