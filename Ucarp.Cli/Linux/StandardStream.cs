using System.Runtime.InteropServices;
using static Tmds.Linux.LibC;

namespace Ucarp.Cli.Linux;

// write(2) on stdout or stderr. System.Console would read terminfo, install terminal signal handlers and
// start a signal-handling thread on first use: costs a one-line-at-a-time writer has no need of.
internal static class StandardStream
{
    internal const int Output = 1;
    internal const int Error = 2;

    // All of the bytes, or false once the descriptor refuses (a closed pipe, a hung-up terminal, none at
    // all): the caller has nowhere better to put them.
    internal static unsafe bool Write(int fd, ReadOnlySpan<byte> bytes)
    {
        fixed (byte* start = bytes)
        {
            int done = 0;
            while (done < bytes.Length)
            {
                long count = write(fd, start + done, bytes.Length - done);
                if (count < 0)
                {
                    if (Marshal.GetLastPInvokeError() != EINTR)
                    {
                        return false;
                    }
                    continue;
                }
                done += (int)count;
            }
        }
        return true;
    }
}
