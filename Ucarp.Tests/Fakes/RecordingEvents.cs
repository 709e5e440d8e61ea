using Ucarp.Protocol.Engine;
using Ucarp.Protocol.Packets;

namespace Ucarp.Tests.Fakes;

/// <summary>Records what an engine reports, and only records: nothing here calls back into the engine.</summary>
internal sealed class RecordingEvents : ICarpEvents
{
    public List<StateChange> Changes { get; } = [];
    public List<DropReason> Drops { get; } = [];
    public List<string> Log { get; } = [];
    public int Reasserts { get; private set; }
    public int BowOuts { get; private set; }

    public void StateChanged(StateChange change)
    {
        Changes.Add(change);
        Log.Add($"{change.To}:{change.Reason}");
    }

    public void AdvertisementDropped(in ReceivedAdvertisement advertisement) => Drops.Add(advertisement.Drop);

    public void ReassertingMaster(CarpAddress otherSource) => Reasserts++;

    public void SendFailed(int consecutiveFailures, bool penalized) => Log.Add($"send-failed:{consecutiveFailures}:{penalized}");

    public void SendRecovered() => Log.Add("send-recovered");

    public void BowedOut() => BowOuts++;
}
