namespace Ucarp.Cli.Monitoring;

/// <summary>
/// One file between the event loop and the writer thread, without a lock either could wait on. The loop
/// <see cref="Offer"/>s the latest snapshot, replacing one not yet written (so flapping never queues
/// writes); the writer thread <see cref="WriteDue"/>s it and reports back failures and whether the file
/// is failing now. A failed write is tried again after a second, then after twice as long each time up
/// to 30 s, until it succeeds: a file left saying MASTER on a backup is worse than a retry.
/// A newer snapshot is written at once.
/// </summary>
internal sealed class FileOutbox(string path, Func<InstanceSnapshot, byte[]> format, TimeProvider time)
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(30);

    // Loop to writer.
    private PendingWrite? _offered;

    // Writer to loop.
    private int _failures;
    private int _lastErrno;
    private int _failing;

    // The writer's own.
    private PendingWrite? _retry;
    private long _retriedAt;
    private TimeSpan _backoff;

    /// <summary>Event loop: the snapshot to write next. A durable one stays durable when a newer one replaces it unwritten.</summary>
    public void Offer(InstanceSnapshot snapshot, bool durable)
    {
        PendingWrite? seen = Volatile.Read(ref _offered);
        while (true)
        {
            var next = new PendingWrite(snapshot, durable || seen?.Durable == true);
            PendingWrite? found = Interlocked.CompareExchange(ref _offered, next, seen);
            if (found == seen)
            {
                return;
            }
            seen = found;
        }
    }

    /// <summary>Event loop: the writes that failed since the last call, and the errno of the latest.</summary>
    public int TakeFailures(out int errno)
    {
        int failures = Interlocked.Exchange(ref _failures, 0);
        errno = Volatile.Read(ref _lastErrno);
        return failures;
    }

    /// <summary>Event loop: whether the latest write failed.</summary>
    public bool Failing => Volatile.Read(ref _failing) != 0;

    /// <summary>
    /// Writer thread: writes what was offered, or retries a failed write when it is due (at once when
    /// <paramref name="final"/>). Returns how long until a retry is due; null when none waits.
    /// </summary>
    public TimeSpan? WriteDue(bool final)
    {
        PendingWrite? write = Interlocked.Exchange(ref _offered, null);
        if (write is not null && _retry is { Durable: true })
        {
            write = write with { Durable = true };
        }
        TimeSpan waited = time.GetElapsedTime(_retriedAt);
        if (write is null && _retry is not null && (final || waited >= _backoff))
        {
            write = _retry;
        }
        if (write is null)
        {
            return _retry is null ? null : _backoff - waited;
        }
        int errno = AtomicFile.Replace(path, format(write.Snapshot), write.Durable);
        if (errno == 0)
        {
            _retry = null;
            _backoff = TimeSpan.Zero;
            Volatile.Write(ref _failing, 0);
            return null;
        }
        _retry = write;
        _retriedAt = time.GetTimestamp();
        _backoff = _backoff == TimeSpan.Zero ? FirstRetry : TimeSpan.FromTicks(Math.Min(2 * _backoff.Ticks, LastRetry.Ticks));
        Volatile.Write(ref _lastErrno, errno);
        Volatile.Write(ref _failing, 1);
        _ = Interlocked.Increment(ref _failures);
        return _backoff;
    }
}
