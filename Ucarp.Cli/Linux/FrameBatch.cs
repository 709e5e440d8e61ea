using System.Runtime.InteropServices;
using Tmds.Linux;

namespace Ucarp.Cli.Linux;

/// <summary>
/// Buffers for receiving many frames with one recvmmsg: under a flood of forged adverts the
/// per-frame system call, not the digest check, is what costs. Allocated once, in native memory,
/// so the kernel writes into buffers that never move.
/// </summary>
internal sealed unsafe class FrameBatch : IDisposable
{
    private readonly int _frameSize;
    private byte* _frames;
    private iovec* _vectors;
    private mmsghdr* _headers;

    public FrameBatch(int capacity, int frameSize)
    {
        Capacity = capacity;
        _frameSize = frameSize;
        _frames = (byte*)NativeMemory.Alloc((nuint)(capacity * frameSize));
        _vectors = (iovec*)NativeMemory.AllocZeroed((nuint)capacity, (nuint)sizeof(iovec));
        _headers = (mmsghdr*)NativeMemory.AllocZeroed((nuint)capacity, (nuint)sizeof(mmsghdr));
        for (int i = 0; i < capacity; i++)
        {
            _vectors[i].iov_base = _frames + i * frameSize;
            _vectors[i].iov_len = (size_t)(uint)frameSize;
            msghdr header = default;
            header.msg_iov = &_vectors[i];
            header.msg_iovlen = 1;
            _headers[i].msg_hdr = header;
        }
    }

    public int Capacity { get; }

    public mmsghdr* Headers => _headers;

    /// <summary>Frame i of the last receive, cut to the buffer size.</summary>
    public ReadOnlySpan<byte> Frame(int index) =>
        new(_frames + index * _frameSize, (int)Math.Min(_headers[index].msg_len, (uint)_frameSize));

    public void Dispose()
    {
        NativeMemory.Free(_frames);
        NativeMemory.Free(_vectors);
        NativeMemory.Free(_headers);
        _frames = null;
        _vectors = null;
        _headers = null;
    }
}
