using System.Runtime.InteropServices;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace Ucarp.Cli.Linux;

/// <summary>
/// Buffers for receiving many frames with one recvmmsg: under a flood of forged adverts the
/// per-frame system call, not the digest check, is what costs. Allocated once, in native memory,
/// so the kernel writes into buffers that never move. Each frame also has room for the kernel's
/// receive timestamp (SO_TIMESTAMPNS, on the daemon's sockets).
/// </summary>
internal sealed unsafe class FrameBatch : IDisposable
{
    /// <summary>CMSG_SPACE(sizeof(struct timespec)) on x86-64: a 16-byte cmsghdr and the timespec.</summary>
    private const int ControlSize = 32;

    private readonly int _frameSize;
    private byte* _frames;
    private byte* _control;
    private iovec* _vectors;
    private mmsghdr* _headers;

    public FrameBatch(int capacity, int frameSize)
    {
        Capacity = capacity;
        _frameSize = frameSize;
        _frames = (byte*)NativeMemory.Alloc((nuint)(capacity * frameSize));
        _control = (byte*)NativeMemory.AllocZeroed((nuint)capacity, ControlSize);
        _vectors = (iovec*)NativeMemory.AllocZeroed((nuint)capacity, (nuint)sizeof(iovec));
        _headers = (mmsghdr*)NativeMemory.AllocZeroed((nuint)capacity, (nuint)sizeof(mmsghdr));
        for (int i = 0; i < capacity; i++)
        {
            _vectors[i].iov_base = _frames + i * frameSize;
            _vectors[i].iov_len = (size_t)(uint)frameSize;
            msghdr header = default;
            header.msg_iov = &_vectors[i];
            header.msg_iovlen = 1;
            header.msg_control = _control + i * ControlSize;
            _headers[i].msg_hdr = header;
        }
    }

    public int Capacity { get; }

    /// <summary>
    /// The headers for the next recvmmsg. The kernel overwrites each msg_controllen with what it
    /// used, so the room is given back before every call.
    /// </summary>
    public mmsghdr* PrepareHeaders()
    {
        for (int i = 0; i < Capacity; i++)
        {
            Header(i)->msg_controllen = ControlSize;
        }
        return _headers;
    }

    /// <summary>Frame i of the last receive, cut to the buffer size.</summary>
    public ReadOnlySpan<byte> Frame(int index) =>
        new(_frames + index * _frameSize, (int)Math.Min(_headers[index].msg_len, (uint)_frameSize));

    /// <summary>
    /// How long frame i had been queued at <paramref name="now"/>, from its SO_TIMESTAMPNS message; zero when
    /// it has none. Wall-clock time, as the kernel stamps frames (CLOCK_REALTIME): a clock stepped meanwhile
    /// shows as a wrong age, which the engine bounds.
    /// </summary>
    public TimeSpan QueuedFor(int index, DateTime now)
    {
        msghdr* header = Header(index);
        if ((uint)header->msg_controllen < ControlSize)
        {
            return TimeSpan.Zero;
        }
        var cmsg = (cmsghdr*)header->msg_control;
        if (cmsg->cmsg_level != SOL_SOCKET || cmsg->cmsg_type != SCM_TIMESTAMPNS)
        {
            return TimeSpan.Zero;
        }
        var stamp = (timespec*)((byte*)cmsg + sizeof(cmsghdr));
        long stampNanoseconds = (long)stamp->tv_sec * 1_000_000_000 + (long)stamp->tv_nsec;
        return TimeSpan.FromTicks((now - DateTime.UnixEpoch).Ticks - stampNanoseconds / 100);
    }

    /// <summary>struct mmsghdr begins with its msghdr (Tmds.LibC exposes it as a copy, not a reference).</summary>
    private msghdr* Header(int index) => (msghdr*)(_headers + index);

    public void Dispose()
    {
        NativeMemory.Free(_frames);
        NativeMemory.Free(_control);
        NativeMemory.Free(_vectors);
        NativeMemory.Free(_headers);
        _frames = null;
        _control = null;
        _vectors = null;
        _headers = null;
    }
}
