using System.Globalization;
using Ucarp.Cli.Logging;
using Ucarp.Cli.Monitoring;
using Ucarp.Protocol.Engine;
using Ucarp.Protocol.Packets;

namespace Ucarp.Cli.Daemon;

/// <summary>Turns the engine's events into ucarp's log lines and scripts.</summary>
internal sealed class EngineEvents(Logger log, ScriptQueue scripts, PacketWarningLimiter limiter, string? upScript, string? downScript)
    : ICarpEvents
{
    /// <summary>Set once the engine exists; the up script's end announces the VIP through it.</summary>
    public CarpEngine? Engine { get; set; }

    public TransitionHistory History { get; } = new(DateTime.UtcNow);

    public void StateChanged(StateChange change)
    {
        History.Record(change, DateTime.UtcNow);
        log.Warning("Switching to state: " + change.To.ToString().ToUpperInvariant(), LogEvent.Transition(change));
        string? reasonLine = change.Reason switch
        {
            TransitionReason.Preemption => "Putting MASTER down - preemption",
            TransitionReason.MasterGoingToTimeOut => "Putting MASTER DOWN (going to time out)",
            TransitionReason.PreferredMaster => "Preferred master advertised: going back to BACKUP state",
            TransitionReason.LinkDown => "Link down: going to BACKUP state",
            TransitionReason.Unhealthy => "Health check failing: going to BACKUP state",
            _ => null,
        };
        string? script = change.To == CarpState.Master ? upScript : downScript;
        if (change.RunScript && !string.IsNullOrEmpty(script))
        {
            scripts.Enqueue(new ScriptRequest(script, change.To, change.From, change.Reason));
        }
        else if (change.To == CarpState.Master)
        {
            Engine?.AnnounceVip();
        }
        if (reasonLine is not null)
        {
            log.Warning(reasonLine);
        }
    }

    /// <summary>The up script has ended: the VIP is configured, so announce it now.</summary>
    public void OnScriptFinished(ScriptRequest request)
    {
        if (request.State == CarpState.Master)
        {
            Engine?.AnnounceVip();
        }
    }

    public void AdvertisementDropped(in ReceivedAdvertisement advertisement)
    {
        DropReason reason = advertisement.Drop;
        if (reason is not (DropReason.BadTtl or DropReason.BadVersion or DropReason.BadChecksum or DropReason.BadDigest or DropReason.NotPeer))
        {
            if (log.DebugEnabled)
            {
                log.Debug(reason switch
                {
                    DropReason.OtherVhid => $"Ignoring vhid: [{advertisement.Header.Vhid}]",
                    DropReason.OtherGroup => "Ignoring different multicast ip",
                    _ => $"Ignoring frame: {reason}",
                }, LogEvent.Drop(reason, advertisement.Source));
            }
            return;
        }
        // Ask the limiter first: under a flood almost every packet is held back, and formatting
        // a line per packet would cost more than verifying it.
        if (!limiter.TryAcquire((int)reason, out long suppressed))
        {
            return;
        }
        string warning = reason switch
        {
            DropReason.BadTtl => $"Bad TTL: [{advertisement.Ttl}]",
            DropReason.BadVersion => $"Bad version: [{advertisement.Header.Version}]",
            DropReason.BadChecksum => "Bad IP checksum",
            DropReason.NotPeer => $"Ignoring unicast advertisement from [{advertisement.Source}]: not a --peer",
            _ => string.Create(CultureInfo.InvariantCulture,
                $"Bad digest - md2=[{advertisement.ExpectedDigestPrefix:x8}...] md=[{advertisement.ReceivedDigestPrefix:x8}...] - Check vhid, password and virtual IP address"),
        };
        log.Warning(suppressed == 0 ? warning : $"{warning} ({suppressed} more suppressed)", LogEvent.Drop(reason, advertisement.Source));
    }

    public void ReassertingMaster(CarpAddress otherSource) =>
        log.Warning("Non-preferred master advertising: reasserting control of VIP with another gratuitous arp");

    public void SendFailed(int consecutiveFailures, bool demoted)
    {
        if (consecutiveFailures == Ucarp.Protocol.CarpConstants.SendErrorsBeforeDemotion)
        {
            log.Error($"write() error #{consecutiveFailures}: advertising with advskew {Ucarp.Protocol.CarpConstants.DemotedAdvSkew} until sends succeed");
        }
    }

    public void SendRecovered() => log.Warning("Advertisements are sent again: back to the configured advskew");

    public void BowedOut() => log.Warning("Bowing out: advertised advbase 255/advskew 255 so a backup takes over at once");
}
