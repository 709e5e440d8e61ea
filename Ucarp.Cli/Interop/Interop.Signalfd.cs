using System.Runtime.InteropServices;
using Tmds.Linux;

namespace Ucarp.Cli;

internal static partial class Interop
{
    internal static partial class Libc
    {
        // <sys/signalfd.h>
        internal const int SFD_NONBLOCK = 0x800;
        internal const int SFD_CLOEXEC = 0x80000;

        // <sys/signalfd.h> struct signalfd_siginfo: 128 bytes, ssi_signo (uint32) first.
        internal const int SignalfdSiginfoSize = 128;

        [LibraryImport(Name, EntryPoint = "signalfd", SetLastError = true)]
        internal static unsafe partial int signalfd(int fd, sigset_t* mask, int flags);
    }
}
