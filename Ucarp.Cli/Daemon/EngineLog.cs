using System.Globalization;
using Ucarp.Cli.Logging;
using Ucarp.Protocol;
using Ucarp.Protocol.Engine;
using Ucarp.Protocol.Packets;

namespace Ucarp.Cli.Daemon;

/// <summary>The log text of the engine's notifications: ucarp's lines where it has them, ours beside them.</summary>
internal sealed class EngineLog(Logger log, PacketWarningLimiter limiter, BurstLogLimiter transitions)
{
    public void Transition(StateChange change)
    {
        SummarizeTransitions(change.From);
        if (!transitions.TryAcquire())
        {
            return;
        }
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
        if (reasonLine is not null)
        {
            log.Warning(reasonLine);
        }
    }

    /// <summary>
    /// Once the transitions held back by <see cref="BurstLogLimiter"/> are due: how many, and the state
    /// they left. Called on every wake-up, so the last word comes within a window even when the flapping stops.
    /// </summary>
    public void SummarizeTransitions(CarpState state)
    {
        long suppressed = transitions.TakeSuppressed();
        if (suppressed > 0)
        {
            log.Warning(string.Create(CultureInfo.InvariantCulture,
                $"{suppressed} more transitions not logged (flapping): state now {state.ToString().ToUpperInvariant()}"));
        }
    }

    public void Dropped(in ReceivedAdvertisement advertisement)
    {
        DropReason reason = advertisement.Drop;
        if (reason is not (DropReason.BadTtl or DropReason.BadVersion or DropReason.BadChecksum or DropReason.BadDigest or DropReason.NotPeer
            or DropReason.Malformed or DropReason.Replay))
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
            DropReason.Malformed => $"Malformed advertisement from [{advertisement.Source}]: not one CARP header in an unfragmented datagram",
            DropReason.Replay => string.Create(CultureInfo.InvariantCulture,
                $"Replayed advertisement from [{advertisement.Source}]: counter [{advertisement.Header.Counter:x16}] already seen"),
            _ => string.Create(CultureInfo.InvariantCulture,
                $"Bad digest - md2=[{advertisement.ExpectedDigestPrefix:x8}...] md=[{advertisement.ReceivedDigestPrefix:x8}...] - Check vhid, password and virtual IP address"),
        };
        log.Warning(suppressed == 0 ? warning : $"{warning} ({suppressed} more suppressed)", LogEvent.Drop(reason, advertisement.Source));
    }

    public void ReassertingMaster() =>
        log.Warning("Non-preferred master advertising: reasserting control of VIP with another gratuitous arp");

    /// <summary>Said once, when the send-error penalty starts.</summary>
    public void SendFailed(int consecutiveFailures)
    {
        if (consecutiveFailures == CarpConstants.SendErrorsBeforePenalty)
        {
            log.Error($"write() error #{consecutiveFailures}: advertising with advskew {CarpConstants.PenaltyAdvSkew} until sends succeed");
        }
    }

    public void SendRecovered() => log.Warning("Advertisements are sent again: back to the configured advskew");

    public void BowedOut() => log.Warning("Bowing out: advertised advbase 255/advskew 255 so a backup takes over without waiting for its dead interval");
}
