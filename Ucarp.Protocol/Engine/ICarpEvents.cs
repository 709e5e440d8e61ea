using Ucarp.Protocol.Packets;

namespace Ucarp.Protocol.Engine;

/// <summary>
/// What the engine tells its host: notifications only. The host logs them and runs the scripts;
/// an implementation never calls back into the engine. Whatever the host wants of the engine in
/// return (<see cref="CarpEngine.AnnounceVip"/> once an up script has ended) it asks from its loop.
/// </summary>
public interface ICarpEvents
{
    void StateChanged(StateChange change);

    /// <summary>A frame was not a valid advertisement for us (reason and the details ucarp logs).</summary>
    void AdvertisementDropped(in ReceivedAdvertisement advertisement);

    /// <summary>"Non-preferred master advertising": another master that should yield; we re-announce the VIP.</summary>
    void ReassertingMaster(CarpAddress otherSource);

    /// <summary>A send failed; <paramref name="penalized"/> is true from the third consecutive failure on (advskew 240).</summary>
    void SendFailed(int consecutiveFailures, bool penalized);

    /// <summary>Sends work again after the send-error penalty: the configured advskew is back.</summary>
    void SendRecovered();

    /// <summary>A master leaving on purpose sent its bow-out advertisement.</summary>
    void BowedOut();
}
