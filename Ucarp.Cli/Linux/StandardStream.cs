namespace Ucarp.Cli.Linux;

/// <summary>
/// write(2) on stdout or stderr. System.Console would read terminfo, install terminal signal handlers and
/// start a signal-handling thread on first use: costs a one-line-at-a-time writer has no need of.
/// </summary>
internal static class StandardStream
{
    public const int Output = 1;
    public const int Error = 2;

    /// <summary>All of the bytes, or false once the descriptor refuses (a closed pipe, a hung-up terminal, none
    /// at all): the caller has nowhere better to put them.</summary>
    public static bool Write(int fd, ReadOnlySpan<byte> bytes) => RawFile.Write(fd, bytes) == 0;
}
