using Ucarp.Tests.Fakes;
using Ucarp.Tests.Monitoring;

namespace Ucarp.Tests.Network;

/// <summary>
/// The up and down scripts the README and the man page print, and the ones the package ships, run
/// as a newcomer would run them: every start begins as backup and runs the down script when the VIP
/// is not there, and that must not count as a failure (an alert on the counter would fire at each
/// restart).
/// </summary>
[Trait("Category", "Privileged")]
public sealed class DocumentedScriptTests
{
    /// <summary>The example of <paramref name="document"/> whose first comment names <paramref name="path"/>, as a reader copies it.</summary>
    private static string Example(string document, string path)
    {
        string text = File.ReadAllText(Path.Combine(RepositoryFiles.Root, document));
        bool man = document.EndsWith(".8", StringComparison.Ordinal);
        string[] blocks = man
            ? [.. text.Split(".EX\n").Skip(1).Select(b => b[..b.IndexOf(".EE\n", StringComparison.Ordinal)].Replace("\\-", "-", StringComparison.Ordinal))]
            : [.. text.Split("```sh\n").Skip(1).Select(b => b[..b.IndexOf("```", StringComparison.Ordinal)])];
        string head = $"#!/bin/sh\n# {path}";
        return Assert.Single(blocks, b => b.StartsWith(head + "\n", StringComparison.Ordinal) || b.StartsWith(head + ":", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("README.md", "/etc/vip-up.sh", "/etc/vip-down.sh", false)]
    [InlineData("README.md", "/etc/vip6-up.sh", "/etc/vip6-down.sh", true)]
    [InlineData("man/ucarp.8", "/etc/vip-up.sh", "/etc/vip-down.sh", false)]
    public void DocumentedScripts_FirstStartAsBackup_NoScriptFailure(string document, string up, string down, bool ipv6) =>
        AssertNoScriptFailure(Example(document, up), Example(document, down), ipv6);

    [Fact]
    public void ShippedScripts_FirstStartAsBackup_NoScriptFailure() =>
        AssertNoScriptFailure(File.ReadAllText(Path.Combine(RepositoryFiles.Root, "packaging/share/vip-up")),
            File.ReadAllText(Path.Combine(RepositoryFiles.Root, "packaging/share/vip-down")), ipv6: false);

    /// <summary>
    /// Alone on the segment: start (down script, VIP absent), become master (up script), stop with -z
    /// (down script, VIP present). The metrics written at the clean exit count every run.
    /// </summary>
    private static void AssertNoScriptFailure(string upScript, string downScript, bool ipv6)
    {
        PrometheusParser.SkipUnlessInstalled();
        using UcarpCluster cluster = UcarpCluster.Create(hosts: 1, ipv6: ipv6);
        string up = Path.Combine(cluster.WorkDirectory, "documented-up");
        string down = Path.Combine(cluster.WorkDirectory, "documented-down");
        foreach ((string path, string body) in new[] { (up, upScript), (down, downScript) })
        {
            File.WriteAllText(path, body);
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        string metrics = Path.Combine(cluster.WorkDirectory, "ucarp.prom");
        TestHost host = cluster.Hosts[0];

        using TestProcess ours = cluster.StartOurs(0, "-z", "-u", up, "-d", down, "--metrics-file=" + metrics);
        string log() => string.Join('\n', ours.Lines);
        Assert.True(UcarpCluster.WaitUntil(() => TestNetwork.HasAddress(host, cluster.Vip), TimeSpan.FromSeconds(30)), log());
        ours.Signal(Tmds.Linux.LibC.SIGTERM);
        Assert.True(ours.WaitForExit(TimeSpan.FromSeconds(30)), log());

        Assert.True(ours.ExitCode == 0, log());
        Assert.False(TestNetwork.HasAddress(host, cluster.Vip), log());
        Assert.Equal(2, ours.Lines.Count(l => l.Contains($"Spawning [{down} ", StringComparison.Ordinal)));
        IReadOnlyList<PrometheusParser.Sample> samples = PrometheusParser.Parse(File.ReadAllText(metrics));
        Assert.Equal([("up", 0.0), ("down", 0.0)],
            samples.Where(s => s.Name == "ucarp_script_failures_total").Select(s => (s.Labels["script"], s.Value)));
    }
}
