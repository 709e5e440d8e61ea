using Ucarp.Protocol.Packets;

namespace Ucarp.Protocol.Engine;

/// <summary>
/// What the engine tells its host. The engine never logs and never runs anything itself: the
/// host logs these, runs the scripts and calls <see cref="CarpEngine.AnnounceVip"/> once the up
/// script has finished.
/// </summary>
public interface ICarpEvents
{
    void StateChanged(StateChange change);

    /// <summary>A frame was not a valid advertisement for us (reason and the details ucarp logs).</summary>
    void AdvertisementDropped(in ReceivedAdvertisement advertisement);

    /// <summary>"Non-preferred master advertising": another master that should yield; we re-announce the VIP.</summary>
    void ReassertingMaster(CarpAddress otherSource);

    /// <summary>A send failed; <paramref name="demoted"/> is true from the third consecutive failure on.</summary>
    void SendFailed(int consecutiveFailures, bool demoted);

    /// <summary>Sends work again after a demotion: the configured advskew is back.</summary>
    void SendRecovered();

    /// <summary>A master leaving on purpose sent its bow-out advertisement.</summary>
    void BowedOut();
}
