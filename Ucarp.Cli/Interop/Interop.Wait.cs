using System.Runtime.InteropServices;

namespace Ucarp.Cli;

internal static partial class Interop
{
    internal static partial class Libc
    {
        // <sys/wait.h>
        internal const int WNOHANG = 1;

        // <asm/unistd_64.h>: glibc 2.36 has a pidfd_open wrapper, but the syscall works on any glibc.
        internal const int SYS_pidfd_open = 434;

        // <sys/wait.h>
        [LibraryImport(Name, EntryPoint = "waitpid", SetLastError = true)]
        internal static unsafe partial int waitpid(int pid, int* wstatus, int options);
    }
}
