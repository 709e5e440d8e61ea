namespace Ucarp.Tests.CommandLine;

// Seeded random argv vectors for the getopt_long comparison: valid and invalid short options
// and bundles, whole, abbreviated, ambiguous and unknown long options with and without "=",
// operands, "-", "--" and empty strings, so every branch of getopt_long is hit many times.
internal static class RandomArgv
{
    private static readonly string[] _tokens =
    [
        "-i", "-ieth0", "-ieth0:carp0", "-s", "-s198.18.0.1", "-v", "-v7", "-v0x10", "-p", "-plove",
        "-P", "-a", "-h", "-b", "-k", "-x", "-n", "-u", "-d", "-D", "-r", "-z", "-f", "-fnone", "-B",
        "-o", "-S", "-M", "-m", "-m239.1.2.3", "-V", "-q", "-Q", "-:", "-;", "-?", "-W", "-e", "-zPn",
        "-zPv", "-zQ", "-PnMSDBz", "-Dzi", "-zVh", "-Pm", "-Mv", "-ie", "-vv",
        "--interface", "--interface=eth0", "--inter=eth0", "--i", "--srcip=198.18.0.1", "--s", "--sr",
        "--src", "--sh", "--vhid", "--vhid=", "--vhid=7", "--vh", "--v", "--v=3", "--ve", "--version",
        "--version=1", "--pass", "--pass=love", "--pas", "--passf", "--passfile=/x", "--p", "--pre",
        "--preempt", "--preempt=x", "--neutral", "--n", "--ne", "--no", "--nomcast=", "--addr=1.2.3.4",
        "--a", "--ad", "--adv", "--advs=3", "--advb", "--help", "--h", "--help=x", "--upscript",
        "--u", "--down", "--d", "--d=x", "--de", "--dea", "--deb", "--debug", "--da", "--shutdown",
        "--f", "--fac=none", "--ignore", "--mcast=1.2.3.4", "--mcastip", "--m", "--mc", "--x",
        "--xparam=a=b", "--bogus", "--bogus=1",
        "--observe", "--observe=5", "--obs=", "--o", "--o=x", "--log-format=json", "--log", "--", "--=", "--=x", "---x", "---", "--é",
        "eth0", "7", "\\", "extra", "-", "", "1.2.3.4", "a=b", "x", "--", "-", "é", " -P",
    ];

    private static readonly string _letters = "ispvPahbkxnudDrzfBoSMmVqQ:;?W-=e0 ";

    private static readonly string[] _longNames =
    [
        "interface", "srcip", "mcastip", "vhid", "pass", "preempt", "neutral", "addr", "help",
        "advbase", "advskew", "upscript", "downscript", "deadratio", "debug", "shutdown", "facility",
        "daemonize", "ignoreifstate", "nomcast", "passfile", "xparam", "version", "bogus", "mcast",
    ];

    internal static IEnumerable<string[]> Generate(int seed, int count, string programName)
    {
        var random = new Random(seed);
        for (int i = 0; i < count; i++)
        {
            int length = random.Next(0, 9);
            string[] argv = new string[length + 1];
            argv[0] = programName;
            for (int j = 1; j <= length; j++)
            {
                argv[j] = Token(random);
            }

            yield return argv;
        }
    }

    private static string Token(Random random) => random.Next(4) switch
    {
        0 => ShortBundle(random),
        1 => LongOption(random),
        _ => _tokens[random.Next(_tokens.Length)],
    };

    private static string ShortBundle(Random random)
    {
        int length = random.Next(1, 5);
        char[] letters = new char[length];
        for (int i = 0; i < length; i++)
        {
            letters[i] = _letters[random.Next(_letters.Length)];
        }

        return "-" + new string(letters);
    }

    private static string LongOption(Random random)
    {
        string name = _longNames[random.Next(_longNames.Length)];
        string prefix = name[..random.Next(0, name.Length + 1)];
        return random.Next(3) switch
        {
            0 => "--" + prefix,
            1 => "--" + prefix + "=",
            _ => "--" + prefix + "=v" + random.Next(100),
        };
    }
}
