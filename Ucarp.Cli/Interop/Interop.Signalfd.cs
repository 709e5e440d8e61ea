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

        // <signal.h>: returns the error number. Tmds.LibC binds it in libpthread.so.0, which the static
        // binary would dlopen (and with it a second libc, 0.9 MB resident); glibc has it in libc since 2.34.
        [LibraryImport(Name, EntryPoint = "pthread_sigmask")]
        internal static unsafe partial int pthread_sigmask(int how, sigset_t* set, sigset_t* oldset);

        // <signal.h>: the previous handler, or SIG_ERR (-1). Only SIG_DFL is ever set, so glibc's BSD
        // semantics (SA_RESTART) make no difference.
        [LibraryImport(Name, EntryPoint = "signal", SetLastError = true)]
        internal static partial nint signal(int signum, nint handler);

        [LibraryImport(Name, EntryPoint = "signalfd", SetLastError = true)]
        internal static unsafe partial int signalfd(int fd, sigset_t* mask, int flags);
    }
}
