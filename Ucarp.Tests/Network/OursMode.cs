namespace Ucarp.Tests.Network;

/// <summary>How <see cref="UcarpCluster"/> runs ours on a host.</summary>
public enum OursMode
{
    /// <summary>One process for the VIP, as with ucarp 1.5.2.</summary>
    Process,

    /// <summary>
    /// The same command line as one line of an --instances file, beside a second instance on the
    /// same interface (another vhid and VIP): two engines sharing the process's socket and loop.
    /// </summary>
    Instance,
}
