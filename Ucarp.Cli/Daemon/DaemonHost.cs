using System.ComponentModel;
using Ucarp.Cli.CommandLine;
using Ucarp.Cli.Linux;
using Ucarp.Cli.Logging;
using Ucarp.Protocol.Engine;
using Ucarp.Protocol.Packets;

namespace Ucarp.Cli.Daemon;

/// <summary>
/// One engine, one VIP, one event loop: it sleeps in ppoll until the next timer, a frame, a
/// link event, a signal or a script's exit, and handles each in turn on this one thread.
/// </summary>
internal sealed partial class DaemonHost : IDisposable
{
    private readonly UcarpOptions _options;
    private readonly Logger _log;
    private readonly string _typedInterface;
    private readonly List<IDisposable> _owned = [];

    private CarpPacketSocket _socket = null!;
    private CarpUnicastSocket? _unicast;
    private LinkMonitor _links = null!;
    private DeadlineTimer _timer = null!;
    private FrameBatch _frames = null!;
    private SignalInbox _signals = null!;
    private ScriptQueue _scripts = null!;
    private CarpEngine _engine = null!;
    private HealthCheck? _check;
    private int _ifIndex;

    private DaemonHost(UcarpOptions options, Logger log, string typedInterface)
    {
        _options = options;
        _log = log;
        _typedInterface = typedInterface;
    }

    /// <summary>Opens everything, reports readiness, runs until told to stop; returns the exit code.</summary>
    public static int Run(UcarpOptions options, string typedInterface, Logger log, Action<bool> ready)
    {
        using var host = new DaemonHost(options, log, typedInterface);
        bool opened;
        try
        {
            opened = host.TryOpen();
        }
        catch (Exception e)
        {
            log.Error("Unexpected error while starting: " + e.Message);
            opened = false;
        }
        if (!opened)
        {
            host._monitor?.Stop();
            ready(false);
            return ExitCodes.SetupFailed;
        }
        ready(true);
        int exitCode;
        try
        {
            exitCode = host.Loop();
        }
        catch (Exception e)
        {
            exitCode = host.Fail(e);
        }
        host._monitor?.Stop();
        return exitCode;
    }

    /// <summary>
    /// Whatever went wrong, the daemon says so in one line and ends with a non-zero status, never
    /// with a stack trace; with --shutdown a master first bows out and runs its down script, as on
    /// SIGTERM, so no VIP stays behind on a host without a daemon.
    /// </summary>
    private int Fail(Exception e)
    {
        _log.Error($"Unexpected error: {e.Message}: exiting");
        if (!_options.Shutdown)
        {
            return ExitCodes.SetupFailed;
        }
        try
        {
            return Leave(ExitCodes.SetupFailed, bowOut: true);
        }
        catch (Exception again)
        {
            _log.Error($"Unexpected error while leaving: {again.Message}");
            return ExitCodes.SetupFailed;
        }
    }

    private bool TryOpen()
    {
        if (!TryStartMonitor())
        {
            return false;
        }
        string device = NetDevice.DeviceName(_typedInterface);
        NetDevice info;
        try
        {
            // fillmac.c checks the name as typed, alias label included, against IFNAMSIZ.
            if (System.Text.Encoding.UTF8.GetByteCount(_typedInterface) >= NetDevice.MaxNameBytes)
            {
                _log.Error("Interface name too long");
                _log.Error($"Unable to find MAC address of [{_typedInterface}]");
                return false;
            }
            info = NetDevice.Query(device);
        }
        catch (Win32Exception e)
        {
            _log.Error("Unable to get hardware info about an interface: " + e.Message);
            _log.Error($"Unable to find MAC address of [{_typedInterface}]");
            return false;
        }
        _ifIndex = info.Index;
        MacAddress mac = info.Mac;
        _log.Info($"Local advertised ethernet address is [{mac}]");

        try
        {
            _socket = Own(CarpPacketSocket.Open(info.Index, _options.Vhid, _options.SourceAddress));
            _links = Own(LinkMonitor.Open());
            _timer = Own(new DeadlineTimer());
            // Adverts are 70 bytes; 128 also holds IP options and a VLAN tag, and longer frames are cut.
            _frames = Own(new FrameBatch(capacity: 32, frameSize: 128));
            // Peers ignore the group's adverts: joining it would only wake us for nothing.
            if (_options.Peers.Count > 0)
            {
                _unicast = Own(CarpUnicastSocket.Open());
            }
            else if (Ipv6)
            {
                Own(MulticastMembership.JoinIpv6(info.Index));
            }
            else if (!_options.NoMcast)
            {
                Own(MulticastMembership.Join(_options.Group, _options.SourceAddress));
            }
        }
        catch (Exception e) when (OpenError.Is(e))
        {
            _log.Error(OpenError.Describe(_typedInterface, e));
            return false;
        }

        _signals = Own(new SignalInbox(_options.Shutdown));
        _scripts = Own(new ScriptQueue(_log, _typedInterface, _options.VirtualAddressText, _options.XParam, _options.Vhid, _options.ScriptTimeout));
        var events = new EngineEvents(_log, _scripts, new PacketWarningLimiter(TimeProvider.System, Enum.GetValues<DropReason>().Length), _options.UpScript, _options.DownScript);
        _scripts.Finished += events.OnScriptFinished;
        var config = new CarpConfig
        {
            Vhid = _options.Vhid,
            AdvBase = _options.AdvBase,
            AdvSkew = _options.AdvSkew,
            DeadRatio = _options.DeadRatio,
            SourceAddress = _options.SourceAddress,
            VirtualAddress = _options.VirtualAddress,
            Group = _options.Group,
            Broadcast = _options.NoMcast,
            Peers = _options.Peers,
            Preempt = _options.Preempt,
            Neutral = _options.Neutral,
            Password = _options.Password,
            InterfaceMac = mac,
            Router = Ipv6 && NetDevice.ForwardsIpv6(device),
            HealthDemote = _options.HealthCheck?.Demote ?? Ucarp.Protocol.CarpConstants.DemotedAdvSkew,
        };
        _engine = new CarpEngine(config, TimeProvider.System, new PacketLink(_socket, _unicast, _log, new PacketWarningLimiter(TimeProvider.System, 1)), events, Random.Shared);
        events.Engine = _engine;
        if (_options.HealthCheck is { } check)
        {
            _check = Own(new HealthCheck(_log, check, _scripts.Arguments, nullStdio: !_options.Debug,
                _engine, () => events.History.Last ?? default, _options.Vhid, config.UnhealthyAdvSkew));
        }
        _monitor?.Attach(_engine, events.History, _scripts.Counters, _check?.Tracker);
        _engine.Start();
        if (!info.IsRunning && !_options.IgnoreIfState)
        {
            // ucarp 1.5.2 exits 2 ("That device is not up"); waiting suits boot ordering better, but say so.
            _log.Warning($"Interface [{_typedInterface}] is down: waiting for carrier");
            _engine.OnLinkChanged(false);
        }
        return true;
    }

    private bool Ipv6 => _options.SourceAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;

    private T Own<T>(T resource) where T : IDisposable
    {
        _owned.Add(resource);
        return resource;
    }

    public void Dispose()
    {
        for (int i = _owned.Count - 1; i >= 0; i--)
        {
            _owned[i].Dispose();
        }
    }
}
