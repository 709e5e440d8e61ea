using Ucarp.Cli.Logging;

namespace Ucarp.Tests.Fakes;

/// <summary>A log sink that keeps every line with its structured event.</summary>
internal sealed class RecordingSink : ILogSink
{
    public List<(LogLevel Level, string Message, LogEvent Details)> Lines { get; } = [];

    public void Write(LogLevel level, string message, in LogEvent details) => Lines.Add((level, message, details));
}
