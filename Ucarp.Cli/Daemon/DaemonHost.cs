using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Ucarp.Cli.CommandLine;
using Ucarp.Cli.Linux;
using Ucarp.Cli.Logging;
using Ucarp.Cli.Monitoring;
using Ucarp.Protocol.Engine;

namespace Ucarp.Cli.Daemon;

/// <summary>
/// The process's event loop and the descriptors every virtual host shares: one packet socket per
/// interface and family, the netlink link monitor, the timer, the signal inbox. It sleeps in ppoll
/// until the earliest deadline of all instances, a frame, a link event, a signal or a child's exit,
/// and hands each to its <see cref="VipInstance"/> on this one thread. One instance from a command
/// line; with --instances, every line of the file, each behaving as its own process would.
/// </summary>
internal sealed partial class DaemonHost : IDisposable
{
    private readonly IReadOnlyList<UcarpOptions> _instances;
    private readonly Logger _log;
    private readonly List<IDisposable> _owned = [];
    private readonly List<InterfaceSocket> _sockets = [];
    private readonly List<VipInstance> _vips = [];
    private readonly Dictionary<VipInstance, InterfaceSocket> _socketOf = [];
    private readonly List<MonitorPublisher?> _monitors = [];

    /// <summary>Only with a status or metrics file: the thread that writes them.</summary>
    private MonitorWriter? _writer;

    // --peer: one raw socket per family, opened for the first instance with peers.
    private CarpUnicastSocket? _unicastIpv4;
    private CarpUnicastSocket? _unicastIpv6;
    private LinkMonitor _links = null!;
    private DeadlineTimer _timer = null!;
    private FrameBatch _frames = null!;
    private SignalInbox _signals = null!;

    private DaemonHost(IReadOnlyList<UcarpOptions> instances, Logger log)
    {
        _instances = instances;
        _log = log;
    }

    /// <summary>--instances: lines name their instance; a lone instance logs exactly as ucarp does.</summary>
    private bool Several => _instances.Count > 1;

    /// <summary>Opens everything, reports readiness, runs until told to stop; returns the exit code.</summary>
    public static int Run(IReadOnlyList<UcarpOptions> instances, Logger log, Action<bool> ready)
    {
        using var host = new DaemonHost(instances, log);
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
            foreach (MonitorPublisher? monitor in host._monitors)
            {
                monitor?.Stop();
            }
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
        foreach (VipInstance vip in host._vips)
        {
            vip.Stopped();
        }
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
        try
        {
            return Leave(ExitCodes.SetupFailed, vip => vip.Options.Shutdown ? true : null);
        }
        catch (Exception again)
        {
            _log.Error($"Unexpected error while leaving: {again.Message}");
            return ExitCodes.SetupFailed;
        }
    }

    /// <summary>The start-up, in order: status files, the devices, the shared descriptors, the instances.</summary>
    private bool TryOpen()
    {
        foreach (UcarpOptions options in _instances)
        {
            if (!TryStartMonitor(options, InstanceLog(options)))
            {
                return false;
            }
        }
        var devices = new Dictionary<string, NetDevice>(StringComparer.Ordinal);
        foreach (UcarpOptions options in _instances)
        {
            string name = NetDevice.DeviceName(options.TypedInterface);
            if (!devices.ContainsKey(name))
            {
                if (!TryFindDevice(options, out NetDevice? device))
                {
                    return false;
                }
                devices[name] = device;
            }
        }
        if (!TryOpenDescriptors(devices))
        {
            return false;
        }
        _signals = Own(new SignalInbox(AnyShutdown(_instances)));
        _writer?.Start();
        for (int i = 0; i < _instances.Count; i++)
        {
            UcarpOptions options = _instances[i];
            InterfaceSocket socket = SocketOf(options, devices);
            Logger log = InstanceLog(options);
            bool router = options.IsIpv6 && NetDevice.ForwardsIpv6(socket.Device.Name);
            CarpConfig config = options.ToCarpConfig(socket.Device.Mac, router);
            var link = new PacketLink(socket.Socket, options.Peers.Count > 0 ? UnicastSocket(options.IsIpv6) : null, log, new PacketWarningLimiter(TimeProvider.System, 1));
            var vip = Own(new VipInstance(options, config, link, log, _monitors[i]));
            link.BeforeWarning = vip.FinishDeferredTransition;
            socket.Dispatch.Add(options.Vhid, vip);
            _vips.Add(vip);
            _socketOf[vip] = socket;
        }
        foreach (VipInstance vip in _vips)
        {
            vip.Start(_socketOf[vip].Device.IsRunning);
        }
        return true;
    }

    private Logger InstanceLog(UcarpOptions options) =>
        InstanceLogSink.For(_log, Several ? $"[{options.TypedInterface} vhid {options.Vhid}] " : "", LogFields(options));

    /// <summary>Where a start-up error about an --instances line goes: its text names the line (FILE:LINE).</summary>
    private Logger SetupLog(UcarpOptions options) =>
        options.Origin is { } origin ? InstanceLogSink.For(_log, origin + ": ", LogFields(options)) : _log;

    private static LogInstance LogFields(UcarpOptions options) =>
        new(options.TypedInterface, options.Vhid, options.VirtualAddress.ToString());

    private InterfaceSocket SocketOf(UcarpOptions options, Dictionary<string, NetDevice> devices)
    {
        NetDevice device = devices[NetDevice.DeviceName(options.TypedInterface)];
        return _sockets.Single(s => s.Device.Index == device.Index && s.Ipv6 == options.IsIpv6);
    }

    /// <summary>
    /// The first snapshot is written before anything is opened, on this thread: a file that cannot be
    /// written stops the start. Later ones go to the writer thread, which starts with the signals blocked.
    /// </summary>
    private bool TryStartMonitor(UcarpOptions options, Logger log)
    {
        MonitorPublisher? monitor = null;
        if (options.StatusFile is not null || options.MetricsFile is not null)
        {
            _writer ??= Own(new MonitorWriter());
            monitor = new MonitorPublisher(options, options.TypedInterface, log, TimeProvider.System, _writer);
            if (!monitor.TryStart())
            {
                return false;
            }
        }
        _monitors.Add(monitor);
        return true;
    }

    /// <summary>The interface's index and MAC, with ucarp's messages when it has none.</summary>
    private bool TryFindDevice(UcarpOptions options, [NotNullWhen(true)] out NetDevice? device)
    {
        device = null;
        string typedInterface = options.TypedInterface;
        Logger log = SetupLog(options);
        try
        {
            // fillmac.c checks the name as typed, alias label included, against IFNAMSIZ.
            if (Encoding.UTF8.GetByteCount(typedInterface) >= NetDevice.MaxNameBytes)
            {
                log.Error("Interface name too long");
                log.Error($"Unable to find MAC address of [{typedInterface}]");
                return false;
            }
            device = NetDevice.Query(NetDevice.DeviceName(typedInterface));
        }
        catch (Win32Exception e)
        {
            log.Error("Unable to get hardware info about an interface: " + e.Message);
            log.Error($"Unable to find MAC address of [{typedInterface}]");
            return false;
        }
        _log.Info($"Local advertised ethernet address is [{device.Mac}]");
        return true;
    }

    private static bool AnyShutdown(IReadOnlyList<UcarpOptions> instances)
    {
        foreach (UcarpOptions options in instances)
        {
            if (options.Shutdown)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The sockets, the link monitor, the timer; a failure is one line with a hint (<see cref="OpenError"/>).</summary>
    private bool TryOpenDescriptors(Dictionary<string, NetDevice> devices)
    {
        // The instance being opened, whose line an error names; null for what all of them share.
        UcarpOptions? current = null;
        try
        {
            // One socket per interface and family, in the order the instances name them. Loops, not
            // LINQ: a lambda returning (byte, IPAddress) made the runtime type loader (90 KB) part of the binary.
            var deviceOf = new NetDevice[_instances.Count];
            for (int i = 0; i < _instances.Count; i++)
            {
                deviceOf[i] = devices[NetDevice.DeviceName(_instances[i].TypedInterface)];
            }
            var opened = new HashSet<(int Index, bool Ipv6)>();
            for (int i = 0; i < _instances.Count; i++)
            {
                UcarpOptions first = _instances[i];
                current = first;
                NetDevice device = deviceOf[i];
                if (!opened.Add((device.Index, first.IsIpv6)))
                {
                    continue;
                }
                // The instances before i share no socket with this one: the set says so.
                var members = new List<(byte Vhid, IPAddress Source)>();
                for (int j = i; j < _instances.Count; j++)
                {
                    if (_instances[j].IsIpv6 == first.IsIpv6 && deviceOf[j].Index == device.Index)
                    {
                        members.Add((_instances[j].Vhid, _instances[j].SourceAddress));
                    }
                }
                var socket = Own(CarpPacketSocket.Open(device.Index, members));
                _sockets.Add(new InterfaceSocket(device, socket, first.IsIpv6));
            }
            current = null;
            _links = Own(LinkMonitor.Open());
            _timer = Own(new DeadlineTimer());
            // Adverts are 70 bytes; 128 also holds IP options and a VLAN tag, and longer frames are cut.
            _frames = Own(new FrameBatch(capacity: 32, frameSize: 128));
            JoinGroups(devices, ref current);
            return true;
        }
        catch (Exception e) when (OpenError.Is(e))
        {
            (current is null ? _log : SetupLog(current)).Error(OpenError.Describe((current ?? _instances[0]).TypedInterface, e));
            return false;
        }
    }

    /// <summary>Each group once per interface. Peers ignore the group's adverts: joining it would only wake us for nothing.</summary>
    private void JoinGroups(Dictionary<string, NetDevice> devices, ref UcarpOptions? current)
    {
        var joined = new HashSet<(IPAddress Group, IPAddress Source, int Index)>();
        foreach (UcarpOptions options in _instances)
        {
            current = options;
            int index = devices[NetDevice.DeviceName(options.TypedInterface)].Index;
            if (options.Peers.Count > 0)
            {
                _ = UnicastSocket(options.IsIpv6);
            }
            else if (options.IsIpv6)
            {
                if (joined.Add((IPAddress.IPv6Any, IPAddress.IPv6Any, index)))
                {
                    Own(MulticastMembership.JoinIpv6(index));
                }
            }
            else if (!options.NoMcast && joined.Add((options.Group, options.SourceAddress, index)))
            {
                Own(MulticastMembership.Join(options.Group, options.SourceAddress));
            }
        }
    }

    private CarpUnicastSocket UnicastSocket(bool ipv6) => ipv6
        ? _unicastIpv6 ??= Own(CarpUnicastSocket.Open(AddressFamily.InterNetworkV6))
        : _unicastIpv4 ??= Own(CarpUnicastSocket.Open(AddressFamily.InterNetwork));

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
