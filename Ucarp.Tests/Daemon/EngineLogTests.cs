using Microsoft.Extensions.Time.Testing;
using Ucarp.Cli.Daemon;
using Ucarp.Cli.Logging;
using Ucarp.Protocol.Engine;
using Ucarp.Protocol.Packets;
using Ucarp.Tests.Fakes;

namespace Ucarp.Tests.Daemon;

public class EngineLogTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly RecordingSink _sink = new();
    private readonly EngineLog _engineLog;

    public EngineLogTests()
    {
        var log = new Logger();
        log.AddSink(_sink);
        _engineLog = new EngineLog(log, new PacketWarningLimiter(_time, Enum.GetValues<DropReason>().Length), new BurstLogLimiter(_time));
    }

    private string[] Messages => [.. _sink.Lines.Select(l => l.Message)];

    private static ReceivedAdvertisement Dropped(DropReason reason, byte ttl = 255) =>
        new(reason, default, new CarpHeader(0x21, 7, 0, 1, 0), ttl, 0x01020304, 0x0a0b0c0d);

    [Fact]
    public void Transition_SwitchingLineThenTheReasonsLine()
    {
        _engineLog.Transition(new StateChange(CarpState.Backup, CarpState.Master, TransitionReason.Preemption, RunScript: true));
        Assert.Equal(["Switching to state: MASTER", "Putting MASTER down - preemption"], Messages);
        Assert.All(_sink.Lines, l => Assert.Equal(LogLevel.Warning, l.Level));
    }

    [Fact]
    public void Transition_Flapping_TenLoggedPerWindow_ThenOneSummaryWithTheCountAndTheStateLeft()
    {
        for (int i = 0; i < 1000; i++)
        {
            _engineLog.Transition(Flip(i));
        }
        _engineLog.SummarizeTransitions(CarpState.Master);   // not yet: the window is not over
        _time.Advance(BurstLogLimiter.Window);
        _engineLog.SummarizeTransitions(CarpState.Backup);
        _engineLog.SummarizeTransitions(CarpState.Backup);   // said once
        _engineLog.Transition(Flip(1000));

        string[] messages = Messages;
        Assert.Equal(BurstLogLimiter.Burst + 1, messages.Count(m => m.StartsWith("Switching to state:", StringComparison.Ordinal)));
        Assert.Equal("990 more transitions not logged (flapping): state now BACKUP", messages[^3]);
        Assert.Equal(["Switching to state: MASTER", "Putting MASTER DOWN (going to time out)"], messages[^2..]);
    }

    [Fact]
    public void Transition_SuppressedThenQuiet_TheNextTransitionSaysTheCountFirst()
    {
        for (int i = 0; i < BurstLogLimiter.Burst + 3; i++)
        {
            _engineLog.Transition(Flip(i));
        }
        _time.Advance(BurstLogLimiter.Window);
        _engineLog.Transition(Flip(1));

        Assert.Equal("3 more transitions not logged (flapping): state now MASTER", Messages[^3]);
        Assert.Equal("Switching to state: BACKUP", Messages[^2]);
    }

    // Even: BACKUP to MASTER; odd: back.
    private static StateChange Flip(int i) => i % 2 == 0
        ? new StateChange(CarpState.Backup, CarpState.Master, TransitionReason.MasterGoingToTimeOut, RunScript: true)
        : new StateChange(CarpState.Master, CarpState.Backup, TransitionReason.PreferredMaster, RunScript: true);

    [Fact]
    public void Dropped_BadDigestFlood_OneLinePerSecondWithTheCountHeldBack()
    {
        for (int i = 0; i < 5; i++)
        {
            _engineLog.Dropped(Dropped(DropReason.BadDigest));
        }
        _time.Advance(TimeSpan.FromSeconds(1));
        _engineLog.Dropped(Dropped(DropReason.BadDigest));

        Assert.Equal(
            [
                "Bad digest - md2=[01020304...] md=[0a0b0c0d...] - Check vhid, password and virtual IP address",
                "Bad digest - md2=[01020304...] md=[0a0b0c0d...] - Check vhid, password and virtual IP address (4 more suppressed)",
            ], Messages);
    }

    [Fact]
    public void Dropped_OtherVhid_OnlyWithDebug()
    {
        _engineLog.Dropped(Dropped(DropReason.OtherVhid));
        Assert.Empty(_sink.Lines);
    }

    [Fact]
    public void SendFailed_SaidOnceWhenThePenaltyStarts()
    {
        for (int failures = 1; failures <= 5; failures++)
        {
            _engineLog.SendFailed(failures);
        }
        Assert.Equal(["write() error #3: advertising with advskew 240 until sends succeed"], Messages);
    }
}
