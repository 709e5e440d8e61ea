using System.Runtime.InteropServices;
using Tmds.Linux;

namespace Ucarp.Cli;

internal static partial class Interop
{
    internal static partial class Libc
    {
        // <poll.h>. Ours rather than Tmds.LibC's: its ppoll does not set SetLastError, so an EINTR
        // (every signal interrupts the wait) would read as a stale errno.
        [LibraryImport(Name, EntryPoint = "ppoll", SetLastError = true)]
        internal static unsafe partial int ppoll(pollfd* fds, ulong nfds, timespec* timeout, sigset_t* sigmask);
    }
}
