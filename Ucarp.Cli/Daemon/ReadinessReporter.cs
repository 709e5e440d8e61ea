using System.Globalization;
using Microsoft.Win32.SafeHandles;
using Ucarp.Cli.Linux;
using Ucarp.Cli.Logging;

namespace Ucarp.Cli.Daemon;

/// <summary>
/// The daemon's side of -B: until it is ready, every log line goes up the pipe to the waiting
/// parent, which prints it; then one READY line, and the pipe is closed.
/// </summary>
internal sealed class ReadinessReporter(SafeFileHandle pipe) : ILogSink, IDisposable
{
    public const string ReadyLine = "READY";

    private readonly FileStream _stream = new(pipe, FileAccess.Write, bufferSize: 0);

    public void Write(LogLevel level, string message, in LogEvent details) =>
        Send(((int)level).ToString(CultureInfo.InvariantCulture) + " " + message);

    public void Report(bool ready)
    {
        if (ready)
        {
            Send(ReadyLine);
        }
        _stream.Dispose();
    }

    private void Send(string line)
    {
        try
        {
            _stream.Write(SurrogateEscape.Encode(line + "\n"));
        }
        catch (IOException)
        {
            // The parent is gone (killed while waiting): the daemon goes on regardless.
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public void Dispose() => _stream.Dispose();
}
