using Ucarp.Protocol.Engine;
using Ucarp.Protocol.Packets;

namespace Ucarp.Tests.Fakes;

/// <summary>Records what an engine reports; like the real host, announces the VIP once "the up script" is done.</summary>
internal sealed class RecordingEvents : ICarpEvents
{
    public List<StateChange> Changes { get; } = [];
    public List<DropReason> Drops { get; } = [];
    public List<string> Log { get; } = [];
    public int Reasserts { get; private set; }
    public int BowOuts { get; private set; }
    public CarpEngine? Engine { get; set; }
    public bool AnnounceOnMaster { get; set; } = true;

    public void StateChanged(StateChange change)
    {
        Changes.Add(change);
        Log.Add($"{change.To}:{change.Reason}");
        if (change.To == CarpState.Master && AnnounceOnMaster)
        {
            Engine?.AnnounceVip();
        }
    }

    public void AdvertisementDropped(in ReceivedAdvertisement advertisement) => Drops.Add(advertisement.Drop);

    public void ReassertingMaster(CarpAddress otherSource) => Reasserts++;

    public void SendFailed(int consecutiveFailures, bool demoted) => Log.Add($"send-failed:{consecutiveFailures}:{demoted}");

    public void SendRecovered() => Log.Add("send-recovered");

    public void BowedOut() => BowOuts++;
}
