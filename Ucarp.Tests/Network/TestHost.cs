using System.Net;

namespace Ucarp.Tests.Network;

// One host namespace: eth0 is one end of a veth pair whose other end (SwitchPort) sits on the bridge
// in the namespace Switch.
public sealed record TestHost(int Number, string Namespace, string Interface, IPAddress Address, string SwitchPort, string Switch);
