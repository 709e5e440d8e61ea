using System.Globalization;
using Ucarp.Cli.Linux;
using Ucarp.Cli.Logging;

namespace Ucarp.Cli.Daemon;

/// <summary>
/// The daemon's side of -B: until it is ready, every log line goes up the pipe to the waiting
/// parent, which prints it; then one READY line, and the pipe is closed.
/// </summary>
internal sealed class ReadinessReporter(FileDescriptorHandle pipe) : ILogSink, IDisposable
{
    public const string ReadyLine = "READY";

    public void Write(LogLevel level, string message, in LogEvent details) =>
        Send(((int)level).ToString(CultureInfo.InvariantCulture) + " " + message);

    public void Report(bool ready)
    {
        if (ready)
        {
            Send(ReadyLine);
        }
        pipe.Dispose();
    }

    // A failed write means the parent is gone (killed while waiting): the daemon goes on regardless.
    private void Send(string line)
    {
        if (!pipe.IsClosed)
        {
            _ = RawFile.Write(pipe.Fd, SurrogateEscape.Encode(line + "\n"));
        }
    }

    public void Dispose() => pipe.Dispose();
}
