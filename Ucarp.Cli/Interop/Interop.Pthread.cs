using System.Runtime.InteropServices;
using Tmds.Linux;

namespace Ucarp.Cli;

internal static partial class Interop
{
    internal static partial class Libc
    {
        // <errno.h>
        internal const int ETIMEDOUT = 110;

        // <pthread.h>: each returns the error number (none sets errno). glibc has them in libc since 2.34;
        // pthread_clockjoin_np (2.31) waits on the monotonic clock.
        [LibraryImport(Name, EntryPoint = "pthread_create")]
        internal static unsafe partial int pthread_create(ulong* thread, void* attr, delegate* unmanaged<void*, void*> start, void* arg);

        [LibraryImport(Name, EntryPoint = "pthread_setname_np")]
        internal static unsafe partial int pthread_setname_np(ulong thread, byte* name);

        [LibraryImport(Name, EntryPoint = "pthread_clockjoin_np")]
        internal static unsafe partial int pthread_clockjoin_np(ulong thread, void** retval, int clockid, timespec* abstime);

        // <time.h>
        [LibraryImport(Name, EntryPoint = "clock_gettime")]
        internal static unsafe partial int clock_gettime(int clockid, timespec* tp);
    }
}
