using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using Ucarp.Cli.CommandLine;
using Ucarp.Cli.Linux;
using Ucarp.Cli.Logging;
using Ucarp.Cli.Monitoring;
using Ucarp.Protocol.Engine;

namespace Ucarp.Cli.Daemon;

/// <summary>
/// The process's event loop and the descriptors every virtual host shares: the packet socket, the
/// netlink link monitor, the timer, the signal inbox. It sleeps in ppoll until the next deadline, a
/// frame, a link event, a signal or a child's exit, and hands each to its <see cref="VipInstance"/>
/// on this one thread. One instance today; the shared part is what several would share.
/// </summary>
internal sealed partial class DaemonHost : IDisposable
{
    private readonly UcarpOptions _options;
    private readonly Logger _log;
    private readonly List<IDisposable> _owned = [];

    private CarpPacketSocket _socket = null!;
    private CarpUnicastSocket? _unicast;
    private LinkMonitor _links = null!;
    private DeadlineTimer _timer = null!;
    private FrameBatch _frames = null!;
    private SignalInbox _signals = null!;
    private MonitorPublisher? _monitor;
    private VipInstance _vip = null!;
    private int _ifIndex;

    private DaemonHost(UcarpOptions options, Logger log)
    {
        _options = options;
        _log = log;
    }

    private string TypedInterface => _options.TypedInterface;

    /// <summary>Opens everything, reports readiness, runs until told to stop; returns the exit code.</summary>
    public static int Run(UcarpOptions options, Logger log, Action<bool> ready)
    {
        using var host = new DaemonHost(options, log);
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
        host._vip.Stopped();
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

    /// <summary>The start-up, in order: status files, the device, the shared descriptors, the instance.</summary>
    private bool TryOpen()
    {
        if (!TryStartMonitor() || !TryFindDevice(out NetDevice? device) || !TryOpenDescriptors(device))
        {
            return false;
        }
        _ifIndex = device.Index;
        _signals = Own(new SignalInbox(_options.Shutdown));
        bool router = _options.IsIpv6 && NetDevice.ForwardsIpv6(device.Name);
        CarpConfig config = _options.ToCarpConfig(device.Mac, router);
        var link = new PacketLink(_socket, _unicast, _log, new PacketWarningLimiter(TimeProvider.System, 1));
        _vip = Own(new VipInstance(_options, config, link, _log, _monitor));
        _vip.Start(device.IsRunning);
        return true;
    }

    /// <summary>The first snapshot is written before anything is opened: a file that cannot be written stops the start.</summary>
    private bool TryStartMonitor()
    {
        if (_options.StatusFile is null && _options.MetricsFile is null)
        {
            return true;
        }
        var monitor = new MonitorPublisher(_options, TypedInterface, _log, TimeProvider.System);
        if (!monitor.TryStart())
        {
            return false;
        }
        _monitor = monitor;
        return true;
    }

    /// <summary>The interface's index and MAC, with ucarp's messages when it has none.</summary>
    private bool TryFindDevice([NotNullWhen(true)] out NetDevice? device)
    {
        device = null;
        try
        {
            // fillmac.c checks the name as typed, alias label included, against IFNAMSIZ.
            if (Encoding.UTF8.GetByteCount(TypedInterface) >= NetDevice.MaxNameBytes)
            {
                _log.Error("Interface name too long");
                _log.Error($"Unable to find MAC address of [{TypedInterface}]");
                return false;
            }
            device = NetDevice.Query(NetDevice.DeviceName(TypedInterface));
        }
        catch (Win32Exception e)
        {
            _log.Error("Unable to get hardware info about an interface: " + e.Message);
            _log.Error($"Unable to find MAC address of [{TypedInterface}]");
            return false;
        }
        _log.Info($"Local advertised ethernet address is [{device.Mac}]");
        return true;
    }

    /// <summary>The sockets, the link monitor, the timer; a failure is one line with a hint (<see cref="OpenError"/>).</summary>
    private bool TryOpenDescriptors(NetDevice device)
    {
        try
        {
            _socket = Own(CarpPacketSocket.Open(device.Index, _options.Vhid, _options.SourceAddress));
            _links = Own(LinkMonitor.Open());
            _timer = Own(new DeadlineTimer());
            // Adverts are 70 bytes; 128 also holds IP options and a VLAN tag, and longer frames are cut.
            _frames = Own(new FrameBatch(capacity: 32, frameSize: 128));
            // Peers ignore the group's adverts: joining it would only wake us for nothing.
            if (_options.Peers.Count > 0)
            {
                _unicast = Own(CarpUnicastSocket.Open());
            }
            else if (_options.IsIpv6)
            {
                Own(MulticastMembership.JoinIpv6(device.Index));
            }
            else if (!_options.NoMcast)
            {
                Own(MulticastMembership.Join(_options.Group, _options.SourceAddress));
            }
            return true;
        }
        catch (Exception e) when (OpenError.Is(e))
        {
            _log.Error(OpenError.Describe(TypedInterface, e));
            return false;
        }
    }

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
