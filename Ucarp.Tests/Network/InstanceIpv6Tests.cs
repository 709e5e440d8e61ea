namespace Ucarp.Tests.Network;

/// <summary>
/// Every <see cref="Ipv6Tests"/> test (adverts, Neighbor Advertisements and bow-out on the wire) with ours as
/// one instance of an --instances process that runs a second instance on the same interface.
/// </summary>
[Trait("Category", "Privileged")]
public sealed class InstanceIpv6Tests : Ipv6Tests
{
    protected override OursMode Ours => OursMode.Instance;
}
