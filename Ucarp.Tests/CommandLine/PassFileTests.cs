using System.Text;
using Ucarp.Cli.CommandLine;
using Ucarp.Cli.Logging;
using Ucarp.Tests.Fakes;

namespace Ucarp.Tests.CommandLine;

// The real reader against real files, worded as ucarp words fopen()/fgets() failures.
public sealed class PassFileTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("ucarp-passfile-");

    public void Dispose() => RawNames.DeleteTree(_directory.FullName);

    private string WriteFile(string name, byte[] content)
    {
        string path = Path.Combine(_directory.FullName, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    [Fact]
    public void ReadFirstLine_TwoLines_FirstWithItsNewline()
    {
        PassFileRead read = PassFile.ReadFirstLine(WriteFile("pw", "love\nsecond line\n"u8.ToArray()));
        Assert.Equal((PassFileStatus.Ok, "love\n"), (read.Status, Encoding.UTF8.GetString(read.Bytes)));
    }

    [Fact]
    public void ReadFirstLine_LongLine_First511Bytes()
    {
        PassFileRead read = PassFile.ReadFirstLine(WriteFile("long", Encoding.ASCII.GetBytes(new string('a', 2000))));
        Assert.Equal(511, read.Bytes.Length);
    }

    [Fact]
    public void ReadFirstLine_Missing_NoSuchFile() =>
        Assert.Equal(PassFileRead.OpenFailed("No such file or directory"), PassFile.ReadFirstLine("/nonexistent/pass"));

    [Fact]
    public void ReadFirstLine_BelowAFile_NotADirectory()
    {
        string file = WriteFile("f", "x"u8.ToArray());
        Assert.Equal(PassFileRead.OpenFailed("Not a directory"), PassFile.ReadFirstLine(file + "/x"));
    }

    [Fact]
    public void ReadFirstLine_EmptyPath_NoSuchFile() =>
        Assert.Equal(PassFileRead.OpenFailed("No such file or directory"), PassFile.ReadFirstLine(""));

    [Fact]
    public void ReadFirstLine_CharacterDevice_ReadsLikeAFile()
    {
        PassFileRead read = PassFile.ReadFirstLine("/dev/zero");
        Assert.Equal((PassFileStatus.Ok, 511), (read.Status, read.Bytes.Length));
    }

    [Fact]
    public void ReadFirstLine_Directory_ReadFailsIsADirectory() =>
        Assert.Equal(PassFileRead.ReadFailed("Is a directory"), PassFile.ReadFirstLine(_directory.FullName));

    [Fact]
    public void ReadFirstLine_Empty_UnexpectedEndOfFile() =>
        Assert.Equal(PassFileRead.ReadFailed("unexpected end of file"), PassFile.ReadFirstLine(WriteFile("empty", [])));

    // "\uDCFF" is how Program passes the byte 0xFF, which is not UTF-8 (SurrogateEscape).
    [Fact]
    public void ReadFirstLine_NameWithByteNotUtf8_OpensThatFile()
    {
        RawNames.Shell("printf 'pw\\n' > \"$1$(printf '\\377')\"", Path.Combine(_directory.FullName, "p"));

        PassFileRead read = PassFile.ReadFirstLine(Path.Combine(_directory.FullName, "p\uDCFF"));

        Assert.Equal((PassFileStatus.Ok, "pw\n"), (read.Status, Encoding.UTF8.GetString(read.Bytes)));
    }

    [Fact]
    public void Parse_LongPassFileLine_PasswordTooLong()
    {
        string path = WriteFile("long", Encoding.ASCII.GetBytes(new string('a', 600) + "\n"));

        CliResult result = CommandLineParser.Parse("ucarp", ["-s", "198.18.0.1", "-v", "7", "-o", path, "-a", "198.18.0.100"]);

        Assert.Equal(ExitCodes.SetupFailed, result.ExitCode);
        Assert.Equal(CliMessage.Log(LogLevel.Error, "Password too long"), result.Messages[^1]);
    }
}
