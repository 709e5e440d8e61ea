namespace Ucarp.Tests.Network;

/// <summary>The command line of one IPv6 VIP: apart from <see cref="Ipv6Tests"/>, which also run as an instance.</summary>
public sealed class Ipv6CommandLineTests
{
    [Theory]
    [InlineData("2001:db8::1", "198.18.0.100")]
    [InlineData("198.18.0.1", "2001:db8::100")]
    public void MixedFamilies_Refused_OneLineExitOne(string source, string vip)
    {
        ExecResult result = TestNetwork.Run(UcarpCluster.OursBinary,
            ["-i", "lo", "-s", source, "-v", "7", "-p", "x", "-a", vip, "-u", "/bin/true", "-d", "/bin/true"]);
        Assert.Equal(1, result.ExitCode);
        string line = Assert.Single((result.Stdout + result.Stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"Source and virtual addresses must be of the same family: [{source}] and [{vip}]", line, StringComparison.Ordinal);
    }
}
