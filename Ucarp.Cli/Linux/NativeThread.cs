using System.Runtime.InteropServices;
using System.Text;
using Tmds.Linux;
using static Ucarp.Cli.Interop.Libc;

namespace Ucarp.Cli.Linux;

/// <summary>
/// A thread made with pthread_create(3), which the runtime takes on at its first call into managed code.
/// System.Threading.Thread would bring execution context and culture flow (21 KB of the binary) to a
/// thread that needs neither. Like any pthread it inherits the creator's signal mask, and it ends
/// with the process.
/// </summary>
internal sealed unsafe class NativeThread
{
    private readonly ulong _id;

    private NativeThread(ulong id) => _id = id;

    /// <summary>Runs <paramref name="body"/> on a new thread named <paramref name="name"/> (at most 15 bytes, pthread_setname_np(3)).</summary>
    public static NativeThread Start(Action body, string name)
    {
        GCHandle handle = GCHandle.Alloc(body);
        ulong id;
        int error = pthread_create(&id, null, &Run, (void*)GCHandle.ToIntPtr(handle));
        if (error != 0)
        {
            handle.Free();
            Errno.Throw("pthread_create", error);
        }
        byte[] utf8 = Encoding.UTF8.GetBytes(name + "\0");
        fixed (byte* p = utf8)
        {
            _ = pthread_setname_np(id, p);   // only a name for ps and /proc: the thread runs without it
        }
        return new NativeThread(id);
    }

    /// <summary>Waits for the thread to end, at most <paramref name="wait"/>: false when it is still running.</summary>
    public bool Join(TimeSpan wait)
    {
        timespec deadline;
        _ = clock_gettime(CLOCK_MONOTONIC, &deadline);
        long nanoseconds = deadline.tv_nsec + wait.Ticks % TimeSpan.TicksPerSecond * 100;
        deadline.tv_sec = (time_t)(deadline.tv_sec + wait.Ticks / TimeSpan.TicksPerSecond + nanoseconds / 1_000_000_000);
        deadline.tv_nsec = (long_t)(nanoseconds % 1_000_000_000);
        int error = pthread_clockjoin_np(_id, null, CLOCK_MONOTONIC, &deadline);
        if (error is not 0 and not ETIMEDOUT)
        {
            Errno.Throw("pthread_clockjoin_np", error);
        }
        return error == 0;
    }

    [UnmanagedCallersOnly]
    private static void* Run(void* state)
    {
        GCHandle handle = GCHandle.FromIntPtr((nint)state);
        var body = (Action)handle.Target!;
        handle.Free();
        body();
        return null;
    }
}
