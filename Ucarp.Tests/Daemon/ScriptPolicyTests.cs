using Ucarp.Cli.Daemon;
using Ucarp.Protocol.Engine;

namespace Ucarp.Tests.Daemon;

public class ScriptPolicyTests
{
    private static readonly ScriptPolicy Both = new("/up", "/down");

    [Fact]
    public void For_BecomingMaster_RunsTheUpScriptWithTheTransition()
    {
        ScriptRequest? request = Both.For(new StateChange(CarpState.Backup, CarpState.Master, TransitionReason.Preemption, RunScript: true));
        Assert.Equal(new ScriptRequest("/up", CarpState.Master, CarpState.Backup, TransitionReason.Preemption), request);
    }

    [Theory]
    [InlineData(CarpState.Init, TransitionReason.Startup)]
    [InlineData(CarpState.Master, TransitionReason.PreferredMaster)]
    public void For_BecomingBackup_RunsTheDownScript(CarpState from, TransitionReason reason)
    {
        ScriptRequest? request = Both.For(new StateChange(from, CarpState.Backup, reason, RunScript: true));
        Assert.Equal(new ScriptRequest("/down", CarpState.Backup, from, reason), request);
    }

    [Fact]
    public void For_NeutralStartup_RunsNothing() =>
        Assert.Null(Both.For(new StateChange(CarpState.Init, CarpState.Backup, TransitionReason.Startup, RunScript: false)));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void For_NoUpScript_RunsNothing(string? up) =>
        Assert.Null(new ScriptPolicy(up, "/down").For(new StateChange(CarpState.Backup, CarpState.Master, TransitionReason.MasterDown, RunScript: true)));

    [Fact]
    public void ForLeaving_UpScriptCutShortNothingQueued_RunsTheDownScriptAsShutdown() =>
        Assert.Equal(new ScriptRequest("/down", CarpState.Backup, CarpState.Backup, TransitionReason.Shutdown),
            Both.ForLeaving(upScriptCutShort: true, scriptQueued: false, CarpState.Backup));

    [Theory]
    [InlineData(false, false)]   // nothing was cut short: the state tells the truth
    [InlineData(true, true)]     // the engine's own down script is queued already
    public void ForLeaving_OtherwiseRunsNothingMore(bool cutShort, bool queued) =>
        Assert.Null(Both.ForLeaving(cutShort, queued, CarpState.Backup));
}
