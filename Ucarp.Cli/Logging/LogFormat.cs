namespace Ucarp.Cli.Logging;

/// <summary>--log-format: what the process writes to the terminal.</summary>
internal enum LogFormat
{
    /// <summary>ucarp 1.5.2's lines: <c>time: [LEVEL] message</c>.</summary>
    Text,

    /// <summary>One JSON object per line (JSON Lines) with time, level and message.</summary>
    Json,
}
