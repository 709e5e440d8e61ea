using Ucarp.Protocol.Observe;

namespace Ucarp.Tests.Observe;

internal sealed class RecordingObserverEvents : IObserverEvents
{
    public List<(uint Source, bool IsNew, AdvertiserState State, DigestStatus Digest)> Changes { get; } = [];

    public List<ObserverAlarm> Alarms { get; } = [];

    public void AdvertiserChanged(Advertiser advertiser, bool isNew) =>
        Changes.Add((advertiser.Source, isNew, advertiser.State, advertiser.Digest));

    public void AlarmChanged(ObserverAlarm alarm) => Alarms.Add(alarm);

    public IEnumerable<ObserverAlarm> Of(AlarmKind kind) => Alarms.Where(a => a.Kind == kind);
}
