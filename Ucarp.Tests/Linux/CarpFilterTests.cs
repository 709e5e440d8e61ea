using System.Net;
using Ucarp.Cli.Linux;

namespace Ucarp.Tests.Linux;

/// <summary>The programs themselves; what they accept is tested on real sockets (Network/CarpPacketSocketTests).</summary>
public class CarpFilterTests
{
    [Theory]
    [InlineData("198.18.0.2")]
    [InlineData("2001:db8::2")]
    public void Build_OneInstance_ExactlyTheSingleInstanceProgram(string source)
    {
        IPAddress address = IPAddress.Parse(source);
        Assert.Equal(CarpFilter.Build(7, address), CarpFilter.Build([(7, address)]));
    }

    [Theory]
    [InlineData("198.18.0.2", 9 + (5 * 255) + 1)]
    [InlineData("2001:db8::2", 8 + (11 * 255) + 1)]
    public void Build_EveryVhid_FitsTheKernelsLimit(string source, int length)
    {
        IPAddress address = IPAddress.Parse(source);
        var program = CarpFilter.Build([.. Enumerable.Range(1, 255).Select(v => ((byte)v, address))]);
        Assert.Equal(length, program.Length);
        Assert.InRange(program.Length, 1, 4096);   // BPF_MAXINSNS
    }
}
