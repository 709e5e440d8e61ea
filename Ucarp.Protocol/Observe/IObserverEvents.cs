namespace Ucarp.Protocol.Observe;

/// <summary>What the observer reports; the Cli prints it as text or JSON Lines.</summary>
public interface IObserverEvents
{
    /// <summary>A new advertiser, or one whose parameters, digest or state guess changed (not called per packet).</summary>
    void AdvertiserChanged(Advertiser advertiser, bool isNew);

    /// <summary>An alarm started or cleared.</summary>
    void AlarmChanged(ObserverAlarm alarm);
}
