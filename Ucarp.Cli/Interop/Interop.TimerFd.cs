using System.Runtime.InteropServices;
using Tmds.Linux;

namespace Ucarp.Cli;

#pragma warning disable CS8981 // structs keep their C names (lower case), as the headers spell them

internal static partial class Interop
{
    internal static partial class Libc
    {
        // <time.h>, <sys/timerfd.h>
        internal const int CLOCK_MONOTONIC = 1;
        internal const int TFD_NONBLOCK = 0x800;
        internal const int TFD_CLOEXEC = 0x80000;

        // <sys/timerfd.h> struct itimerspec
        [StructLayout(LayoutKind.Sequential)]
        internal struct itimerspec
        {
            public timespec it_interval;
            public timespec it_value;
        }

        [LibraryImport(Name, EntryPoint = "timerfd_create", SetLastError = true)]
        internal static partial int timerfd_create(int clockid, int flags);

        [LibraryImport(Name, EntryPoint = "timerfd_settime", SetLastError = true)]
        internal static unsafe partial int timerfd_settime(int fd, int flags, itimerspec* new_value, itimerspec* old_value);
    }
}
