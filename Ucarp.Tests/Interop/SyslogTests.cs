using Ucarp.Cli.CommandLine;
using Ucarp.Cli.Linux;

namespace Ucarp.Tests.Interop;

public class SyslogTests
{
    [Theory]
    [InlineData("kern", 0)]
    [InlineData("user", 8)]
    [InlineData("mail", 16)]
    [InlineData("daemon", 24)]
    [InlineData("auth", 32)]
    [InlineData("security", 32)]
    [InlineData("syslog", 40)]
    [InlineData("lpr", 48)]
    [InlineData("news", 56)]
    [InlineData("uucp", 64)]
    [InlineData("cron", 72)]
    [InlineData("authpriv", 80)]
    [InlineData("ftp", 88)]
    [InlineData("local0", 128)]
    [InlineData("local7", 184)]
    [InlineData("mark", 192)]
    [InlineData("DAEMON", 24)]
    [InlineData("Local3", 152)]
    public void FacilityNames_GlibcName_ReturnsValue(string name, int expected)
    {
        Assert.True(SyslogFacilityNames.TryParse(name, out SyslogFacility facility));
        Assert.Equal(expected, (int)facility);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("nosuchfacility")]
    [InlineData("local8")]
    [InlineData("")]
    public void FacilityNames_UnknownName_ReturnsFalse(string name) => Assert.False(SyslogFacilityNames.TryParse(name, out _));

    [Fact]
    public void OpenWriteClose_WithPercentAndLongMessage_DoesNotCrash()
    {
        Syslog.Open("ucarp-tests", 8);
        Syslog.Write(7, "test %s %n %d message");
        Syslog.Write(7, new string('x', 5000));
        Syslog.Close();
    }
}
