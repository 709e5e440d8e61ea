using Ucarp.Protocol.Observe;
using Ucarp.Protocol.Packets;

namespace Ucarp.Tests.Observe;

internal sealed class RecordingObserverEvents : IObserverEvents
{
    public List<(CarpAddress Source, bool IsNew, AdvertiserState State, DigestStatus Digest)> Changes { get; } = [];

    public List<ObserverAlarm> Alarms { get; } = [];

    public void AdvertiserChanged(Advertiser advertiser, bool isNew) =>
        Changes.Add((advertiser.Source, isNew, advertiser.State, advertiser.Digest));

    public void AlarmChanged(ObserverAlarm alarm) => Alarms.Add(alarm);

    public IEnumerable<ObserverAlarm> Of(AlarmKind kind) => Alarms.Where(a => a.Kind == kind);
}
