using System.Diagnostics;
using System.Text.Json;

namespace Ucarp.Tests.Network;

/// <summary>
/// Reads a status file every 2 ms on its own thread, as an impatient monitoring agent would,
/// counting reads that were not one whole JSON object and noting when each state was first seen.
/// </summary>
internal sealed class StatusFilePoller : IDisposable
{
    private readonly string _path;
    private readonly Thread _thread;
    private readonly Dictionary<string, DateTime> _firstSeen = [];
    private readonly List<string> _invalid = [];
    private volatile bool _stop;
    private int _reads;

    public StatusFilePoller(string path)
    {
        _path = path;
        _thread = new Thread(Run) { IsBackground = true, Name = "status poller" };
        _thread.Start();
    }

    public int Reads => Volatile.Read(ref _reads);

    public IReadOnlyList<string> Invalid
    {
        get
        {
            lock (_invalid)
            {
                return [.. _invalid];
            }
        }
    }

    /// <summary>Wall-clock time a read first showed <paramref name="state"/>, if one did.</summary>
    public DateTime? FirstSeen(string state)
    {
        lock (_firstSeen)
        {
            return _firstSeen.TryGetValue(state, out DateTime at) ? at : null;
        }
    }

    private void Run()
    {
        while (!_stop)
        {
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(_path);
            }
            catch (FileNotFoundException)
            {
                Thread.Sleep(2);   // not written yet: the poller starts before the daemon
                continue;
            }
            DateTime at = DateTime.UtcNow;
            Interlocked.Increment(ref _reads);
            try
            {
                using JsonDocument json = JsonDocument.Parse(bytes);
                string state = json.RootElement.GetProperty("state").GetString()!;
                lock (_firstSeen)
                {
                    _firstSeen.TryAdd(state, at);
                }
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                lock (_invalid)
                {
                    _invalid.Add(e.Message + ": " + System.Text.Encoding.UTF8.GetString(bytes));
                }
            }
            Thread.Sleep(2);
        }
    }

    public void Dispose()
    {
        _stop = true;
        Debug.Assert(_thread.Join(TimeSpan.FromSeconds(5)));
    }
}
