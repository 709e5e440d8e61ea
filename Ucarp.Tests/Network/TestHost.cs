using System.Globalization;
using System.Net;

namespace Ucarp.Tests.Network;

// One host namespace: eth0 is one end of a veth pair whose other end (SwitchPort) sits on the bridge
// in the namespace Switch.
public sealed record TestHost(int Number, string Namespace, string Interface, IPAddress Address, string SwitchPort, string Switch)
{
    // Given to eth0 (with nodad) only by TestNetwork.Create(..., ipv6: true).
    public IPAddress Ipv6Address => IPAddress.Parse(string.Create(CultureInfo.InvariantCulture, $"2001:db8::{Number}"));

    public IPAddress LinkLocalAddress => IPAddress.Parse(string.Create(CultureInfo.InvariantCulture, $"fe80::{Number}"));
}
