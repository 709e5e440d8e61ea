using Ucarp.Protocol.Packets;

namespace Ucarp.Protocol.Engine;

public sealed partial class CarpEngine
{
    private int _sendErrors;
    private int _sendSuccesses;

    /// <summary>carp.c carp_send_ad: counter, frame, send accounting, delayed ARP, next advert.</summary>
    /// <param name="scheduledFor">When this advert was due, for the regular ones: the next is due one
    /// period after that, so wake-up latency never accumulates (carp.c re-arms from "now" and drifts).</param>
    private void SendAdvertisement(byte advBase, byte advSkew, TimeSpan? scheduledFor = null)
    {
        var header = new CarpHeader(CarpConstants.VersionAndType, _config.Vhid, advSkew, advBase, NextCounter());
        AdvertisementFrame.Write(_advertFrame, header, _source, _group, _config.Broadcast,
            (ushort)_random.Next(0x10000), _digest);
        if (_link.Send(_advertFrame))
        {
            Statistics.AdvertisementsSent++;
            OnSendSucceeded();
        }
        else
        {
            Statistics.SendFailures++;
            OnSendFailed();
        }

        if (_delayedArp > 0)
        {
            _delayedArp--;
        }
        if (_delayedArp == 0)
        {
            if (State == CarpState.Master)
            {
                SendGratuitousArp();
            }
            _delayedArp = -1;
        }
        bool bowOut = advBase == CarpConstants.BowOutAdvBase && advSkew == CarpConstants.BowOutAdvSkew;
        TimeSpan period = new AdvertInterval(advBase, advSkew).ToTimeSpan();
        TimeSpan now = Now;
        TimeSpan from = scheduledFor is { } due && now - due < period ? due : now;
        _advertDue = State == CarpState.Master && !bowOut ? from + period : null;
    }

    /// <summary>Random until an advert was received, then the last received + 1, wrapping (carp.c carp_prepare_ad).</summary>
    private ulong NextCounter()
    {
        if (!_counterAdopted)
        {
            Span<byte> bytes = stackalloc byte[8];
            _random.NextBytes(bytes);
            _counter = BitConverter.ToUInt64(bytes);
        }
        else
        {
            _counter = unchecked(_counter + 1);
        }
        return _counter;
    }

    private void OnSendFailed()
    {
        if (_sendErrors < int.MaxValue)
        {
            _sendErrors++;
        }
        _sendSuccesses = 0;
        bool justDemoted = _sendErrors == CarpConstants.SendErrorsBeforeDemotion;
        if (justDemoted)
        {
            SendDemoted = true;
        }
        _events.SendFailed(_sendErrors, SendDemoted);
        if (justDemoted)
        {
            // carp.c carp_send_ad_all: advertise the raised skew at once.
            SendAdvertisement(_config.AdvBase, EffectiveAdvSkew);
        }
    }

    private void OnSendSucceeded()
    {
        if (_sendErrors < CarpConstants.SendErrorsBeforeDemotion)
        {
            _sendErrors = 0;
            return;
        }
        if (++_sendSuccesses >= CarpConstants.SendSuccessesBeforeRecovery)
        {
            SendDemoted = false;
            _sendErrors = 0;
            _events.SendRecovered();
        }
    }
}
