using SecureStream.Media.Frames;

namespace SecureStream.Media.Codecs;

/// <summary>Reads one RTP payload's NAL units into the open access unit.</summary>
internal delegate void NalPayloadReader(ReadOnlySpan<byte> payload);

/// <summary>
/// The per-packet access-unit bookkeeping H.264 and H.265 share: an access unit ends at the RTP
/// marker bit or when the timestamp changes (RFC 6184 §5.1, RFC 7798 §4.1), and a sequence gap
/// drops both neighbours — the lost packets may belong to the open unit, to the one this packet
/// starts, or to units lost whole, and which cannot be told.
/// </summary>
internal sealed class AccessUnitSequencer(AccessUnitAssembler assembler, NalPayloadReader read, Action<ICollection<MediaFrame>> close)
{
    private bool _lossPending;

    public void Push(ReadOnlySpan<byte> payload, bool marker, long timestamp, bool discontinuity, DateTimeOffset receivedAt, ICollection<MediaFrame> output)
    {
        if (discontinuity)
        {
            if (assembler.IsOpen)
            {
                assembler.Damage(Rtp.RtpDropReason.IncompleteAccessUnit);
            }

            _lossPending = true;
        }

        if (assembler.IsOpen && assembler.Timestamp != timestamp)
        {
            close(output);
        }

        if (!assembler.IsOpen)
        {
            assembler.Open(timestamp, receivedAt);
            if (_lossPending)
            {
                assembler.Damage(Rtp.RtpDropReason.IncompleteAccessUnit);
            }
        }

        _lossPending = false;
        read(payload);
        if (marker)
        {
            close(output);
        }
    }
}
