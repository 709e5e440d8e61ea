namespace Ucarp.Cli.CommandLine;

/// <summary>Reads a pass file's first line; tests pass a fake so parsing stays pure.</summary>
internal delegate PassFileRead PassFileReader(string path);
