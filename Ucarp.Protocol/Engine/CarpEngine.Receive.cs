using Ucarp.Protocol.Packets;

namespace Ucarp.Protocol.Engine;

public sealed partial class CarpEngine
{
    /// <summary>One received Ethernet frame; validated, then decided on as ucarp's packethandler does.</summary>
    /// <param name="queuedFor">
    /// How long the frame waited in the host's receive queue before this call (from the kernel's receive
    /// timestamp). The master-down timer runs from when the advertisement arrived, so a takeover is not
    /// late by however long the daemon took to be scheduled and read it.
    /// </param>
    public void OnFrame(ReadOnlySpan<byte> frame, TimeSpan queuedFor = default)
    {
        if (!_linkUp)
        {
            return;
        }
        ReceivedAdvertisement advert = _wire.Read(frame);
        if (!advert.IsValid)
        {
            Statistics.CountDrop(advert.Drop);
            _events.AdvertisementDropped(advert);
            return;
        }
        if (_replays.Contains(advert.Header.Counter))
        {
            // Our own counter from another host is a replay or a master that adopted our last one and
            // sends at the same instant as we do: a random skip in ours breaks that lockstep.
            _skipCounter = true;
            Statistics.CountDrop(DropReason.Replay);
            _events.AdvertisementDropped(advert with { Drop = DropReason.Replay });
            return;
        }
        Statistics.AdvertisementsReceived++;
        _counter = _replays.Add(advert.Header.Counter);
        _counterStarted = true;

        var local = new AdvertInterval(_config.AdvBase, EffectiveAdvSkew);
        AdvertInterval sender = advert.Header.Interval;
        switch (State)
        {
            case CarpState.Master:
                OnAdvertisementAsMaster(local, sender, advert.Source, queuedFor);
                break;
            case CarpState.Backup when _holdUntil is null:
                OnAdvertisementAsBackup(local, sender, queuedFor);
                break;
        }
        if (State == CarpState.Backup)
        {
            HeardMaster = advert.Source;
        }
    }

    private void OnAdvertisementAsMaster(AdvertInterval local, AdvertInterval sender, CarpAddress senderAddress, TimeSpan queuedFor)
    {
        if (local > sender || (local == sender && _wire.CompareTieBreak(senderAddress) < 0))
        {
            // carp.c: "To be really sure the new master knows that is has to reassert control of the VIP".
            SendAdvertisement();
            SetState(CarpState.Backup, TransitionReason.PreferredMaster);
            ArmMasterDown(queuedFor);
        }
        else if (local < sender || (local == sender && _wire.CompareTieBreak(senderAddress) > 0))
        {
            SendGratuitousArp();
            _delayedArp.Schedule(CarpConstants.DelayedArpAdverts);
            _events.ReassertingMaster(senderAddress);
        }
    }

    private void OnAdvertisementAsBackup(AdvertInterval local, AdvertInterval sender, TimeSpan queuedFor)
    {
        if (_config.Preempt && Healthy && local < sender)
        {
            TakeOver(TransitionReason.Preemption);
            return;
        }
        // The master advertises so rarely it is bound to time out (a bow-out does that on purpose).
        var dead = new AdvertInterval((long)_config.AdvBase * _config.DeadRatio, EffectiveAdvSkew);
        if (dead < sender)
        {
            TakeOver(TransitionReason.MasterGoingToTimeOut);
            return;
        }
        ArmMasterDown(queuedFor);
    }
}
