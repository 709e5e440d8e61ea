using Ucarp.Cli.CommandLine;
using Ucarp.Cli.Logging;

namespace Ucarp.Tests.CommandLine;

/// <summary>--check and its tuning, as CommandLineParser reads them.</summary>
public sealed class HealthCheckOptionsTests
{
    private static readonly string[] _valid = ["-i", "eth0", "-s", "198.18.0.1", "-v", "7", "-p", "love", "-a", "198.18.0.100"];

    private static CliResult ParseValid(params string[] more) =>
        CommandLineParser.Parse("ucarp", [.. _valid, .. more], new CommandLineEnvironment(_ => throw new InvalidOperationException()));

    private static void AssertFails(CliResult result, string error)
    {
        Assert.Equal(ExitCodes.InvalidOptions, result.ExitCode);
        Assert.Null(result.Options);
        Assert.Equal((LogLevel.Error, error), result.Messages.Where(m => m.Level != null).Select(m => (m.Level, m.Text)).Last());
    }

    [Fact]
    public void Parse_NoCheck_NoHealthCheck() => Assert.Null(ParseValid().Options!.HealthCheck);

    [Theory]
    // The defaults: every 2 s, timeout the interval, fall 3, rise 2, demote 240.
    [InlineData(new[] { "--check=curl -fs http://localhost/" }, "curl -fs http://localhost/", 2000, 2000, 3, 2, 240)]
    [InlineData(new[] { "--check", "test -f /run/ok", "--check-interval=0.5", "--check-timeout=.25", "--check-fall=1", "--check-rise=5", "--check-demote=0" },
        "test -f /run/ok", 500, 250, 1, 5, 0)]
    [InlineData(new[] { "--check=true", "--check-interval=7" }, "true", 7000, 7000, 3, 2, 240)]
    public void Parse_CheckOptions_LandInTheOptions(string[] args, string command, int intervalMs, int timeoutMs, int fall, int rise, int demote)
    {
        HealthCheckOptions check = ParseValid(args).Options!.HealthCheck!;
        Assert.Equal(
            (command, TimeSpan.FromMilliseconds(intervalMs), TimeSpan.FromMilliseconds(timeoutMs), fall, rise, demote),
            (check.Command, check.Interval, check.EffectiveTimeout, check.Fall, check.Rise, (int)check.Demote));
    }

    [Theory]
    [InlineData("check-interval", "0")]
    [InlineData("check-interval", "-1")]
    [InlineData("check-interval", "")]
    [InlineData("check-interval", "1e3")]
    [InlineData("check-interval", "2s")]
    [InlineData("check-interval", "86400.5")]
    [InlineData("check-timeout", "0")]
    [InlineData("check-timeout", "0.0001")]
    [InlineData("check-timeout", " 1")]
    public void Parse_BadSeconds_FailsWithExit1(string name, string value) =>
        AssertFails(ParseValid("--check=true", $"--{name}={value}"), $"--{name} must be between 0.001 and 86400 seconds: [{value}]");

    [Theory]
    [InlineData("check-fall", "0", 1, 1000)]
    [InlineData("check-rise", "0", 1, 1000)]
    [InlineData("check-fall", "1001", 1, 1000)]
    [InlineData("check-rise", "-2", 1, 1000)]
    [InlineData("check-demote", "256", 0, 255)]
    [InlineData("check-demote", "x", 0, 255)]
    public void Parse_BadCounts_FailsWithExit1(string name, string value, int min, int max) =>
        AssertFails(ParseValid("--check=true", $"--{name}={value}"), $"--{name} must be between {min} and {max}: [{value}]");

    [Fact]
    public void Parse_EmptyCheck_FailsWithExit1() => AssertFails(ParseValid("--check="), "--check needs a command: it is empty");

    [Fact]
    public void Parse_TuningWithoutCheck_FailsWithExit1() =>
        AssertFails(ParseValid("--check-fall=2", "--check-interval=1"), "--check-fall needs --check");
}
