namespace Ucarp.Cli.CommandLine;

internal enum PassFileStatus
{
    Ok,

    // fopen() failed: "unable to open passfile %s for reading: %s".
    OpenFailed,

    // fgets() failed or hit end of file: "error reading passfile %s: %s".
    ReadFailed,
}
