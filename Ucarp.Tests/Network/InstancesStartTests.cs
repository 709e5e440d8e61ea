using System.Text.Json;

namespace Ucarp.Tests.Network;

/// <summary>
/// --instances as a newcomer meets it: the JSON log names each line's instance in fields of its own,
/// and an error found only at start (an interface that does not exist) still names FILE:LINE.
/// </summary>
[Trait("Category", "Privileged")]
public sealed class InstancesStartTests
{
    private static TestProcess StartInstances(UcarpCluster cluster, string[] lines, params string[] defaults)
    {
        string file = Path.Combine(cluster.WorkDirectory, "instances.conf");
        File.WriteAllLines(file, lines);
        return cluster.Network.StartProcess(cluster.Hosts[0].Namespace, UcarpCluster.OursBinary,
            ["-f", "none", "-u", cluster.UpScript, "-d", cluster.DownScript, .. defaults, "--instances=" + file]);
    }

    [Fact]
    public void JsonLog_TwoInstances_EveryInstanceLineHasInterfaceVhidAndVip()
    {
        using UcarpCluster cluster = UcarpCluster.Create(hosts: 1);
        using TestProcess ours = StartInstances(cluster,
            ["-i eth0 -s 198.18.0.1 -v 1 -p one -a 198.18.0.101", "-i eth0 -s 198.18.0.1 -v 2 -p two -a 198.18.0.102"],
            "--log-format=json");

        Assert.True(UcarpCluster.WaitUntil(() => ours.Lines.Count(l => l.Contains("Switching to state: MASTER", StringComparison.Ordinal)) == 2,
            TimeSpan.FromSeconds(30)), string.Join('\n', ours.Lines));

        List<JsonElement> lines = [.. ours.Lines.Select(l => JsonDocument.Parse(l).RootElement)];
        foreach (int vhid in new[] { 1, 2 })
        {
            List<JsonElement> mine = [.. lines.Where(l => l.GetProperty("message").GetString()!.StartsWith($"[eth0 vhid {vhid}] ", StringComparison.Ordinal))];
            Assert.Contains(mine, l => l.TryGetProperty("event", out JsonElement e) && e.GetString() == "transition");
            Assert.All(mine, l => Assert.Equal(("eth0", vhid, $"198.18.0.10{vhid}"),
                (l.GetProperty("interface").GetString(), l.GetProperty("vhid").GetInt32(), l.GetProperty("vip").GetString())));
        }
    }

    [Fact]
    public void Start_InterfaceMissingOnLine2_ErrorNamesFileAndLineAndExits2()
    {
        using UcarpCluster cluster = UcarpCluster.Create(hosts: 1);
        using TestProcess ours = StartInstances(cluster,
            ["-i eth0 -s 198.18.0.1 -v 1 -p one -a 198.18.0.101", "-i etho -s 198.18.0.1 -v 2 -p two -a 198.18.0.102"]);

        Assert.True(ours.WaitForExit(TimeSpan.FromSeconds(30)), string.Join('\n', ours.Lines));
        string output = string.Join('\n', ours.Lines);
        Assert.True(ours.ExitCode == 2, output);
        string file = Path.Combine(cluster.WorkDirectory, "instances.conf");
        Assert.Contains($"[ERROR] {file}:2: Unable to find MAC address of [etho]", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Switching to state", output, StringComparison.Ordinal);
    }
}
