namespace Ucarp.Cli.CommandLine;

// Reads a pass file's first line; tests pass a fake so parsing stays pure.
internal delegate PassFileRead PassFileReader(string path);
