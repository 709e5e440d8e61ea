namespace Ucarp.Tests.Network;

/// <summary>
/// Every <see cref="InteropTests"/> test with ours as one instance of an --instances process that runs a
/// second instance on the same interface (an instance behaves exactly as its own process).
/// </summary>
[Trait("Category", "Privileged")]
public sealed class InstanceInteropTests : InteropTests
{
    protected override OursMode Ours => OursMode.Instance;
}
