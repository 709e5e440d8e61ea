using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Tmds.Linux;
using Ucarp.Cli.CommandLine;
using Ucarp.Cli.Linux;
using Ucarp.Tests.Network;
using static Tmds.Linux.LibC;

namespace Ucarp.Tests.Linux;

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
    [Trait("Category", "Privileged")]
    public void Write_PercentSignsAndLongMessage_ReachTheLogSocketVerbatim()
    {
        Assert.SkipUnless(TestNetwork.IsRoot, "needs root for a mount namespace");
        string longMessage = new('x', 5000);
        List<string> received = OnPrivateDevLog<List<string>>(log =>
        {
            Syslog.Open("ucarp-tests", 8);   // LOG_USER
            try
            {
                Syslog.Write(7, "test %s %n %d message");   // LOG_DEBUG
                Syslog.Write(7, longMessage);
            }
            finally
            {
                Syslog.Close();
            }
            return [Receive(log), Receive(log)];
        });

        // <facility | priority>, then glibc's timestamp, then "ident[pid]: message".
        string tag = $"ucarp-tests[{Environment.ProcessId}]: ";
        Assert.All(received, line => Assert.StartsWith("<15>", line, StringComparison.Ordinal));
        Assert.EndsWith(tag + "test %s %n %d message", received[0], StringComparison.Ordinal);
        Assert.EndsWith(tag + longMessage, received[1], StringComparison.Ordinal);
    }

    // Runs `action` on a thread of its own with a private mount namespace whose /dev is an empty tmpfs
    // holding only our datagram socket as /dev/log, so glibc's syslog talks to the test, not the host.
    private static unsafe T OnPrivateDevLog<T>(Func<Socket, T> action)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                // unshare(CLONE_NEWNS) moves this thread alone (it implies CLONE_FS); the mounts below
                // are private, so they neither reach the host nor outlive the thread.
                Check(unshare(CLONE_NEWNS), "unshare");
                fixed (byte* root = "/\0"u8)
                fixed (byte* dev = "/dev\0"u8)
                fixed (byte* tmpfs = "tmpfs\0"u8)
                {
                    Check(mount(null, root, null, (ulong_t)(ulong)(MS_REC | MS_PRIVATE), null), "mount --make-rprivate /");
                    Check(mount(tmpfs, dev, tmpfs, 0, null), "mount tmpfs /dev");
                }
                using var log = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
                log.Bind(new UnixDomainSocketEndPoint("/dev/log"));
                log.ReceiveTimeout = 20_000;   // generous: only a lost datagram waits this long
                result = action(log);
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            throw new InvalidOperationException("on the private /dev/log thread", failure);
        }
        return result;
    }

    private static void Check(int result, string call) =>
        Assert.True(result == 0, $"{call}: errno {Marshal.GetLastPInvokeError()}");

    private static string Receive(Socket log)
    {
        var buffer = new byte[16 * 1024];
        int length = log.Receive(buffer);
        return Encoding.UTF8.GetString(buffer, 0, length);
    }
}
