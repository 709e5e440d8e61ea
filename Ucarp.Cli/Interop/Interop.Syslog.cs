using System.Runtime.InteropServices;

namespace Ucarp.Cli;

internal static partial class Interop
{
    internal static partial class Libc
    {
        // <syslog.h> options
        internal const int LOG_PID = 0x01;

        // <syslog.h>: openlog keeps the ident pointer, so it must outlive the connection.
        [LibraryImport(Name, EntryPoint = "openlog")]
        internal static unsafe partial void openlog(byte* ident, int option, int facility);

        // <syslog.h> void syslog(int priority, const char *format, ...). Declared with exactly the
        // three arguments we pass, always format "%s". That is safe on x86-64 SysV: variadic
        // arguments travel in the same registers as fixed ones, and the only extra rule (%al holds an
        // upper bound of the vector registers used) only decides whether glibc's prologue spills the
        // xmm registers; "%s" never reads a floating-point argument, so any %al value is harmless.
        [LibraryImport(Name, EntryPoint = "syslog")]
        internal static unsafe partial void syslog(int priority, byte* format, byte* message);

        // <syslog.h>
        [LibraryImport(Name, EntryPoint = "closelog")]
        internal static partial void closelog();
    }
}
