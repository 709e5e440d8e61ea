using System.Diagnostics;

namespace Ucarp.Tests.Network;

// A process started inside a namespace. Its stdout and stderr lines are captured as they arrive,
// each as `view` shows it (null: not shown; none: as printed); it is killed on Dispose.
public sealed class TestProcess : IDisposable
{
    private readonly Process _process;
    private readonly Func<string, string?>? _view;
    private readonly List<string> _lines = [];
    private readonly object _lock = new();   // Monitor.Wait/PulseAll need a monitor, not a Lock

    internal TestProcess(Process process, Func<string, string?>? view = null)
    {
        _process = process;
        _view = view;
        _process.OutputDataReceived += (_, e) => Add(e.Data);
        _process.ErrorDataReceived += (_, e) => Add(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    // Every line so far, stdout and stderr interleaved in arrival order.
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lock)
            {
                return [.. _lines];
            }
        }
    }

    // The first line (already seen or arriving within the timeout) that contains `text`, or null.
    public string? WaitForLine(string text, TimeSpan timeout) => WaitForLine(line => line.Contains(text, StringComparison.Ordinal), timeout);

    public string? WaitForLine(Func<string, bool> match, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        lock (_lock)
        {
            int checkedCount = 0;
            while (true)
            {
                for (; checkedCount < _lines.Count; checkedCount++)
                {
                    if (match(_lines[checkedCount]))
                    {
                        return _lines[checkedCount];
                    }
                }
                TimeSpan left = timeout - deadline.Elapsed;
                if (left <= TimeSpan.Zero)
                {
                    return null;
                }
                _ = Monitor.Wait(_lock, left);
            }
        }
    }

    // The parameterless WaitForExit also waits for the redirected streams' last lines.
    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            return false;
        }
        _process.WaitForExit();
        return true;
    }

    public void Signal(int signal) => _ = Tmds.Linux.LibC.kill(_process.Id, signal);

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _ = _process.WaitForExit(TimeSpan.FromSeconds(5));
            }
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }

    private void Add(string? line)
    {
        if (_view is not null && line is not null)
        {
            line = _view(line);
        }
        if (line is null)
        {
            return;
        }
        lock (_lock)
        {
            _lines.Add(line);
            Monitor.PulseAll(_lock);
        }
    }
}
