namespace Ucarp.Tests.CommandLine;

// Our GetOptLong against glibc's getopt_long, event by event, error text by error text.
public sealed class GetOptLongEquivalenceTests(GlibcReference glibc)
{
    private static readonly string[][] _tricky =
    [
        ["-p", "--"],
        ["-p", "--", "-z"],
        ["-zQ"],
        ["-zQv", "7"],
        ["--vhid"],
        ["--vhid="],
        ["--vhid=", "7"],
        ["-v"],
        ["-P", "-v"],
        ["--"],
        ["-"],
        ["--", "--"],
        ["-", "--", "-"],
        ["--pre=x"],
        ["--preempt=x", "-n"],
        ["--mcast=1.2.3.4"],
        ["--mcast", "1.2.3.4"],
        ["-m", "239.192.0.7"],
        ["-m239.192.0.7"],
        ["-ieth0:carp0"],
        ["-i", "eth0", "-i", "eth1", "--interface=eth2"],
        ["-v", "1", "-v", "2", "-v3"],
        ["--d=x"],
        ["--d"],
        ["--de"],
        ["--dea", "3"],
        ["--=x"],
        ["--="],
        ["---x"],
        ["--v=3"],
        ["--ver"],
        ["-V"],
        ["-Vh"],
        ["-hV"],
        ["a", "-z", "b", "--", "-P", "c"],
        ["a", "b", "-P", "c", "-v", "3", "d"],
        ["x", "-v"],
        ["-zPv", "7"],
        ["-zPv7"],
        ["-zPn"],
        ["--pass", "--x"],
        ["--passf=a"],
        ["--pass=a=b"],
        ["--pass", "-P"],
        ["-:"],
        ["-;"],
        ["-?"],
        ["-P:Q;"],
        ["--help=x"],
        ["--nomcast=", "x"],
        ["", "-P", ""],
        ["--bogus=1", "-q", "--bogus"],
        ["--xparam", "--", "op"],
        ["-o", "-"],
        ["-i", "eth0", "-s", "198.18.0.1", "-v", "7", "-p", "love", "-a", "198.18.0.100", "-f", "none", "\\", "extra"],
    ];

    public static TheoryData<string[]> TrickyArgv => new(_tricky);

    [Theory]
    [MemberData(nameof(CliVectors.Names), MemberType = typeof(CliVectors))]
    public void GetOptLong_VectorArgvWithOurTable_MatchesGlibc(string name)
    {
        string[] argv = CliVectors.Get(name).FullArgv;
        Assert.Equal(glibc.GetOpt(GetOptTable.Ours, [argv])[0], GetOptTranscript.Of(GetOptTable.Ours, argv));
    }

    [Theory]
    [MemberData(nameof(CliVectors.Names), MemberType = typeof(CliVectors))]
    public void GetOptLong_VectorArgvWithOriginalTable_MatchesGlibc(string name)
    {
        string[] argv = CliVectors.Get(name).FullArgv;
        Assert.Equal(glibc.GetOpt(GetOptTable.Original, [argv])[0], GetOptTranscript.Of(GetOptTable.Original, argv));
    }

    // Holds the original table against the real binary too: ucarp 1.5.2 stopped at the first
    // getopt error, so the vectors show exactly that one line.
    [Theory]
    [MemberData(nameof(CliVectors.Names), MemberType = typeof(CliVectors))]
    public void GetOptLong_VectorArgvWithOriginalTable_FirstErrorAsDebianPrinted(string name)
    {
        CliVector vector = CliVectors.Get(name);
        string[] printed = [.. vector.Stderr.Where(l => !l.StartsWith('['))];

        string? first = GetOptTranscript.Parse(GetOptTable.Original, vector.FullArgv).Events.FirstOrDefault(e => e.IsError).Error;

        Assert.Equal(printed, first is null ? [] : [first]);
    }

    [Theory]
    [MemberData(nameof(TrickyArgv))]
    public void GetOptLong_TrickyArgv_MatchesGlibc(string[] args)
    {
        string[] argv = ["ucarp", .. args];
        Assert.Equal(glibc.GetOpt(GetOptTable.Ours, [argv])[0], GetOptTranscript.Of(GetOptTable.Ours, argv));
        Assert.Equal(glibc.GetOpt(GetOptTable.Original, [argv])[0], GetOptTranscript.Of(GetOptTable.Original, argv));
    }

    [Theory]
    [InlineData(GetOptTable.Ours, 1)]
    [InlineData(GetOptTable.Original, 2)]
    public void GetOptLong_RandomArgv_MatchesGlibc(GetOptTable table, int seed)
    {
        const int Count = 3000;
        string[][] argvs = [.. RandomArgv.Generate(seed, Count, "/usr/sbin/ucarp")];
        IReadOnlyList<string> expected = glibc.GetOpt(table, argvs);

        Assert.Equal(Count, expected.Count);
        for (int i = 0; i < Count; i++)
        {
            string actual = GetOptTranscript.Of(table, argvs[i]);
            Assert.True(expected[i] == actual,
                $"argv #{i} [{string.Join("] [", argvs[i])}]\nglibc:\n{expected[i]}ours:\n{actual}");
        }
    }
}
