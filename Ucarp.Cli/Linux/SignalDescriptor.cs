using System.Runtime.CompilerServices;
using Tmds.Linux;
using static Tmds.Linux.LibC;
using static Ucarp.Cli.Interop.Libc;

namespace Ucarp.Cli.Linux;

/// <summary>
/// Signals read from a descriptor the loop polls (signalfd): no handler, and no thread to run one. A signal
/// waits for the descriptor only while every thread blocks it; a thread that does not would take it with its
/// default action. The process has two threads: this one (the loop's) and the runtime's finalizer thread,
/// started before Main. Threads started later inherit their creator's mask, and scripts are spawned with an
/// empty one (PosixSpawn). The signals stay blocked after Dispose: the process is on its way out.
/// </summary>
internal sealed class SignalDescriptor : IDisposable
{
    private readonly FileDescriptorHandle _handle;

    public unsafe SignalDescriptor(ReadOnlySpan<int> signals)
    {
        sigset_t set;
        _ = sigemptyset(&set);
        foreach (int signal in signals)
        {
            _ = Errno.Check(sigaddset(&set, signal), "sigaddset");
        }
        ChangeMask(SIG_BLOCK, set);
        FinalizerThreadMask.Block(set);
        _handle = FileDescriptorHandle.Open(signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK), "signalfd");
    }

    public int Fd => _handle.Fd;

    /// <summary>The number of the next pending signal, or 0 when none is pending.</summary>
    public unsafe int Read()
    {
        byte* info = stackalloc byte[SignalfdSiginfoSize];
        long count = Errno.Retry((Fd, (nint)info),
            static (in (int Fd, nint Info) s) => read(s.Fd, (void*)s.Info, SignalfdSiginfoSize), out int errno);
        if (count < 0)
        {
            if (errno == EAGAIN)
            {
                return 0;
            }
            Errno.Throw("read(signalfd)", errno);
        }
        return (int)*(uint*)info;   // ssi_signo
    }

    public void Dispose() => _handle.Dispose();

    /// <summary>This thread's mask: pthread_sigmask, which returns the error number (it does not set errno).</summary>
    public static unsafe void ChangeMask(int how, sigset_t set)
    {
        int error = Interop.Libc.pthread_sigmask(how, &set, null);
        if (error != 0)
        {
            Errno.Throw("pthread_sigmask", error);
        }
    }

    // The finalizer thread runs no code of ours but finalizers, so one blocks the signals there: an object
    // is dropped, collected, and its finalizer waited for.
    private sealed class FinalizerThreadMask(sigset_t set)
    {
        private static int s_error = -1;

        public static void Block(sigset_t set)
        {
            Volatile.Write(ref s_error, -1);
            Drop(set);
            GC.Collect();
            GC.WaitForPendingFinalizers();
            int error = Volatile.Read(ref s_error);
            if (error != 0)
            {
                // -1: the finalizer did not run, and a signal could still end the process its default way.
                Errno.Throw("pthread_sigmask (finalizer thread)", error < 0 ? EAGAIN : error);
            }
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void Drop(sigset_t set) => _ = new FinalizerThreadMask(set);

        ~FinalizerThreadMask()
        {
            sigset_t mask = set;
            unsafe
            {
                Volatile.Write(ref s_error, Interop.Libc.pthread_sigmask(SIG_BLOCK, &mask, null));
            }
        }
    }
}
