using Tmds.Linux;
using static Tmds.Linux.LibC;
using static Ucarp.Cli.Interop.Libc;

namespace Ucarp.Cli.Linux;

/// <summary>
/// Link state changes pushed by the kernel (rtnetlink RTMGRP_LINK), so carrier loss is seen at once
/// instead of by polling the flags and sleeping 10 s blind as the original does.
/// </summary>
internal sealed class LinkMonitor : IDisposable
{
    private readonly FileDescriptorHandle _handle;
    private readonly byte[] _buffer = new byte[32 * 1024];   // a datagram can carry several link dumps
    private int _offset;
    private int _length;

    private LinkMonitor(FileDescriptorHandle handle) => _handle = handle;

    /// <summary>Descriptor for Poller; readable when a notification is queued.</summary>
    public int Fd => _handle.Fd;

    public static unsafe LinkMonitor Open()
    {
        using FileDescriptorHandle handle = FileDescriptorHandle.Open(socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_ROUTE), "socket");
        var address = new sockaddr_nl { nl_family = (ushort)AF_NETLINK, nl_groups = RTMGRP_LINK };
        _ = Errno.Check(bind(handle.Fd, (sockaddr*)&address, (uint)sizeof(sockaddr_nl)), "bind");
        return new LinkMonitor(handle.HandOver());
    }

    /// <summary>
    /// The next link event, or false when none is queued. Malformed or foreign messages are skipped.
    /// </summary>
    public bool TryRead(out LinkEvent linkEvent)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        while (true)
        {
            while (_offset < _length)
            {
                if (LinkMessages.TryReadNext(_buffer.AsSpan(0, _length), ref _offset, out linkEvent))
                {
                    return true;
                }
            }
            switch (ReceiveDatagram())
            {
                case ReceiveResult.Empty:
                    linkEvent = default;
                    return false;
                case ReceiveResult.Overrun:
                    linkEvent = new LinkEvent(0, IsUp: false, IsRunning: false, Removed: false, LostEvents: true);
                    return true;
            }
        }
    }

    public void Dispose() => _handle.Dispose();

    private unsafe ReceiveResult ReceiveDatagram()
    {
        _offset = 0;
        _length = 0;
        while (true)
        {
            sockaddr_nl sender;
            long received;
            fixed (byte* buffer = _buffer)
            {
                received = Errno.Retry((Fd, (nint)buffer, _buffer.Length, (nint)(&sender)),
                    static (in (int Fd, nint Buffer, int Length, nint Sender) s) =>
                    {
                        socklen_t senderLength = (uint)sizeof(sockaddr_nl);
                        return recvfrom(s.Fd, (void*)s.Buffer, (size_t)(uint)s.Length, 0, (sockaddr*)s.Sender, &senderLength);
                    },
                    out int errno);
                if (received < 0)
                {
                    if (errno == EAGAIN)
                    {
                        return ReceiveResult.Empty;
                    }
                    if (errno == ENOBUFS)
                    {
                        return ReceiveResult.Overrun;
                    }
                    Errno.Throw("recvfrom", errno);
                }
            }
            // Only the kernel (port 0) speaks for the links; any process may send to our port.
            if (sender.nl_pid != 0)
            {
                continue;
            }
            _length = (int)received;
            return ReceiveResult.Data;
        }
    }

    private enum ReceiveResult
    {
        Data,
        Empty,
        Overrun,
    }
}
