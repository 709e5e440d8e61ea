using System.Runtime.InteropServices;

namespace Ucarp.Cli;

#pragma warning disable CS8981 // structs keep their C names (lower case), as the headers spell them

internal static partial class Interop
{
    internal static partial class Libc
    {
        // <time.h> struct tm, glibc x86-64 (56 bytes: nine ints, then tm_gmtoff and tm_zone).
        [StructLayout(LayoutKind.Sequential)]
        internal struct tm
        {
            public int tm_sec;
            public int tm_min;
            public int tm_hour;
            public int tm_mday;
            public int tm_mon;
            public int tm_year;
            public int tm_wday;
            public int tm_yday;
            public int tm_isdst;
            public long tm_gmtoff;
            public nint tm_zone;
        }

        // <time.h>: null on failure (a time_t out of range).
        [LibraryImport(Name, EntryPoint = "localtime_r")]
        internal static unsafe partial tm* localtime_r(long* timep, tm* result);
    }
}
