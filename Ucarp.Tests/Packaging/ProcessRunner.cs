using System.Diagnostics;

namespace Ucarp.Tests.Packaging;

/// Runs short-lived commands (ip, dpkg-deb, the packaged scripts) with a time limit.
internal static class ProcessRunner
{
    private static readonly TimeSpan s_defaultTimeout = TimeSpan.FromSeconds(60);

    public static ProcessStartInfo CreateStartInfo(
        string file, IEnumerable<string> args, IReadOnlyDictionary<string, string>? env = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }
        if (env is not null)
        {
            foreach (var (key, value) in env)
            {
                psi.Environment[key] = value;
            }
        }
        return psi;
    }

    public static async Task<ProcessResult> RunAsync(
        string file, IEnumerable<string> args, IReadOnlyDictionary<string, string>? env = null, TimeSpan? timeout = null)
    {
        var limit = timeout ?? s_defaultTimeout;
        using var process = Process.Start(CreateStartInfo(file, args, env))
            ?? throw new InvalidOperationException($"cannot start {file}");
        process.StandardInput.Close();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(limit);
        var stdout = process.StandardOutput.ReadToEndAsync(cts.Token);
        var stderr = process.StandardError.ReadToEndAsync(cts.Token);
        try
        {
            await process.WaitForExitAsync(cts.Token);
            return new ProcessResult(process.ExitCode, await stdout, await stderr);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {limit.TotalSeconds} s");
        }
    }

    /// Synchronous variant for Dispose paths, where failures are only reported.
    public static ProcessResult Run(string file, params string[] args)
    {
        using var process = Process.Start(CreateStartInfo(file, args))
            ?? throw new InvalidOperationException($"cannot start {file}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within 30 s");
        }
        return new ProcessResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    public static async Task<ProcessResult> RunCheckedAsync(
        string file, IEnumerable<string> args, IReadOnlyDictionary<string, string>? env = null, TimeSpan? timeout = null)
    {
        var result = await RunAsync(file, args, env, timeout);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed: {result}");
        }
        return result;
    }
}
