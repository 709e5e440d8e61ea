namespace Ucarp.Cli.CommandLine;

/// <summary>
/// One command of a file split by <see cref="ShellWords"/>: the words a POSIX shell would pass
/// as arguments, and the line the command starts on; or, when Error is set, why the text there
/// cannot be read as a shell would read it.
/// </summary>
internal sealed record ShellLine(int Number, IReadOnlyList<string> Words, string? Error = null);
