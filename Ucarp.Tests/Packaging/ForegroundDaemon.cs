using System.Diagnostics;
using System.Text;

namespace Ucarp.Tests.Packaging;

/// A daemon started in the foreground the way systemd starts a Type=simple unit; its
/// output is collected for failure messages.
internal sealed class ForegroundDaemon : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ForegroundDaemon(Process process)
    {
        _process = process;
    }

    public int Pid => _process.Id;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static ForegroundDaemon Start(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string> env)
    {
        var process = Process.Start(ProcessRunner.CreateStartInfo(file, args, env))
            ?? throw new InvalidOperationException($"cannot start {file}");
        var daemon = new ForegroundDaemon(process);
        process.OutputDataReceived += daemon.OnLine;
        process.ErrorDataReceived += daemon.OnLine;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return daemon;
    }

    private void OnLine(object sender, DataReceivedEventArgs e)
    {
        if (e.Data is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(e.Data);
        }
    }

    /// Sends a signal the way systemd's KillSignal= does, and waits for the exit.
    public async Task<int> StopAsync(string signal, TimeSpan timeout)
    {
        await ProcessRunner.RunCheckedAsync("kill", ["-s", signal.StartsWith("SIG", StringComparison.Ordinal) ? signal[3..] : signal, Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _ = _process.WaitForExit(TimeSpan.FromSeconds(5));
        }
        _process.Dispose();
    }
}
