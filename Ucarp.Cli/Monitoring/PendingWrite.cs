namespace Ucarp.Cli.Monitoring;

/// <summary>A snapshot waiting for the writer thread; fsynced when <paramref name="Durable"/>.</summary>
internal sealed record PendingWrite(InstanceSnapshot Snapshot, bool Durable);
