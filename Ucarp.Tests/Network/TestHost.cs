using System.Net;

namespace Ucarp.Tests.Network;

// One host namespace: eth0 is one end of a veth pair whose other end (SwitchPort) sits on the bridge.
public sealed record TestHost(int Number, string Namespace, string Interface, IPAddress Address, string SwitchPort);
