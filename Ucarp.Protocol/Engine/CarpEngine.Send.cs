using Ucarp.Protocol.Packets;

namespace Ucarp.Protocol.Engine;

public sealed partial class CarpEngine
{
    private int _sendErrors;
    private int _sendSuccesses;

    /// <summary>carp.c carp_send_ad: counter, frame, send accounting, delayed ARP, next advert.</summary>
    /// <param name="scheduledFor">When this advert was due, for the regular ones: the next is due one
    /// period after that, so wake-up latency never accumulates (carp.c re-arms from "now" and drifts).</param>
    private void SendAdvertisement(TimeSpan? scheduledFor = null)
    {
        byte advSkew = EffectiveAdvSkew;
        bool penaltyStarted = Transmit(_config.AdvBase, advSkew);
        // Scheduled only while master (SetState cancels it): a regular advert is always a master's.
        if (_delayedArp.CountAdvert())
        {
            SendGratuitousArp();
        }
        TimeSpan period = new AdvertInterval(_config.AdvBase, advSkew).ToTimeSpan();
        TimeSpan now = Now;
        TimeSpan from = scheduledFor is { } due && now - due < period ? due : now;
        // carp.c carp_send_ad_all advertises the raised skew at once: here as the next advert, due
        // now, a decision of its own rather than a send nested in this one.
        _advertDue = penaltyStarted ? now : from + period;
    }

    /// <summary>
    /// A master leaving on purpose: advbase 255, advskew 255, which every backup reads as "going to
    /// time out" and takes over at once. It schedules nothing, whatever its values would mean.
    /// </summary>
    private void SendBowOut()
    {
        _ = Transmit(CarpConstants.BowOutAdvBase, CarpConstants.BowOutAdvSkew);
        _advertDue = null;
    }

    /// <summary>Writes and sends one advertisement; true when this send's failure just started the send-error penalty.</summary>
    private bool Transmit(byte advBase, byte advSkew)
    {
        var header = new CarpHeader(CarpConstants.VersionAndType, _config.Vhid, advSkew, advBase, NextCounter());
        // One advert, same counter, to every destination; it failed when any send failed.
        bool sent = true;
        for (int destination = 0; destination < _wire.Destinations; destination++)
        {
            _wire.WriteAdvert(_advertFrame, header, _random, destination);
            sent &= _link.Send(_advertFrame);
        }
        if (sent)
        {
            Statistics.AdvertisementsSent++;
            OnSendSucceeded();
            return false;
        }
        Statistics.SendFailures++;
        return OnSendFailed();
    }

    /// <summary>
    /// A random start, then the top of the counters seen + 1 (carp.c carp_prepare_ad: the last received
    /// + 1). ucarp 1.5.2 draws a new random counter per advert until it hears one; one sequence from
    /// the start instead lets <see cref="ReplayWindow"/> remember all of a lone master's adverts.
    /// Every counter sent is recorded, so a capture of our own advert is a replay too. After a
    /// takeover or a collision the counter skips ahead a little, so it is not the one another master
    /// sends at the same moment.
    /// </summary>
    private ulong NextCounter()
    {
        ulong counter;
        if (!_counterStarted)
        {
            Span<byte> bytes = stackalloc byte[8];
            _random.NextBytes(bytes);
            counter = BitConverter.ToUInt64(bytes);
            _counterStarted = true;
        }
        else
        {
            ulong skip = _skipCounter ? (ulong)_random.Next(1, CarpConstants.CounterCollisionSkip + 1) : 0;
            counter = unchecked(_counter + 1 + skip);
        }
        _skipCounter = false;
        _counter = _replays.Add(counter);
        return counter;
    }

    /// <summary>
    /// Counts a failed send; true when it is the one that starts the send-error penalty. It only
    /// counts: the caller schedules the advert that carries the raised advskew.
    /// </summary>
    private bool OnSendFailed()
    {
        if (_sendErrors < int.MaxValue)
        {
            _sendErrors++;
        }
        _sendSuccesses = 0;
        bool penaltyStarts = _sendErrors == CarpConstants.SendErrorsBeforePenalty;
        if (penaltyStarts)
        {
            SendErrorPenalty = true;
        }
        _events.SendFailed(_sendErrors, SendErrorPenalty);
        return penaltyStarts;
    }

    private void OnSendSucceeded()
    {
        if (_sendErrors < CarpConstants.SendErrorsBeforePenalty)
        {
            _sendErrors = 0;
            return;
        }
        if (++_sendSuccesses >= CarpConstants.SendSuccessesBeforeRecovery)
        {
            SendErrorPenalty = false;
            _sendErrors = 0;
            _events.SendRecovered();
        }
    }
}
