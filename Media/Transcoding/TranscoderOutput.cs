using SecureStream.Media.Codecs;
using SecureStream.Media.Codecs.H264;
using SecureStream.Media.Frames;
using SecureStream.Media.Transcoding.MpegTs;

namespace SecureStream.Media.Transcoding;

/// <summary>
/// Turns what one ffmpeg run writes (MPEG-TS) into frames of the transcoded track: H.264 access
/// units as NAL units (delimiters dropped; an IDR makes a keyframe), Opus packets one per frame,
/// each timestamped on the camera's capture clock by <see cref="TranscoderClock"/>. Anything that
/// does not parse, or lies far from any input in time, is dropped and counted in <see cref="Garbage"/>.
/// </summary>
internal sealed class TranscoderOutput
{
    /// <summary>Output this far (90 kHz ticks: 60 s) from the latest input did not come from it.</summary>
    public const long MaxDistanceFromInput = 60 * 90_000;

    private readonly TrackDescription _output;
    private readonly TranscoderClock _clock;
    private readonly TimeProvider _time;
    private readonly int _opusPacketTicks;
    private readonly MpegTsReader _reader = new(MpegTsReader.MaxPesBytes);
    private readonly List<MpegTsPes> _pes = [];
    private readonly List<ReadOnlyMemory<byte>> _packets = [];
    private long _garbage;

    public TranscoderOutput(TrackDescription output, TranscoderClock clock, TimeProvider time, int opusPacketTicks)
    {
        _output = output;
        _opusPacketTicks = opusPacketTicks;
        _clock = clock;
        _time = time;
    }

    /// <summary>Packets and frames dropped because they did not parse or were out of time.</summary>
    public long Garbage => _garbage + _reader.Malformed;

    /// <summary>Reads <paramref name="data"/> and adds each complete frame to <paramref name="frames"/>.</summary>
    public void Push(ReadOnlySpan<byte> data, ICollection<MediaFrame> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        _pes.Clear();
        _reader.Push(data, _pes);
        foreach (var pes in _pes)
        {
            Convert(pes, frames);
        }
    }

    private void Convert(MpegTsPes pes, ICollection<MediaFrame> frames)
    {
        if (pes.Pts is not { } pts || _clock.DistanceFromInput(pts) > MaxDistanceFromInput || _clock.ToOutput(pts) is not { } timestamp)
        {
            _garbage++;
            return;
        }

        // The input's capture instant, not the time ffmpeg gave the frame back (lip sync).
        var captured = _clock.CapturedAt(timestamp) ?? _time.GetUtcNow();
        if (_output.Codec == MediaCodec.Opus)
        {
            _packets.Clear();
            if (!pes.IsOpus || !OpusTsPayload.TrySplit(pes.Payload, _packets))
            {
                _garbage++;
                return;
            }

            for (var i = 0; i < _packets.Count; i++)
            {
                var at = timestamp + ((long)i * _opusPacketTicks);
                frames.Add(new MediaFrame(_output.TrackId, MediaCodec.Opus, at, true, [_packets[i]], _clock.CapturedAt(at) ?? captured));
            }

            return;
        }

        if (pes.StreamType != MpegTsStreamType.H264)
        {
            _garbage++;
            return;
        }

        var units = AnnexBReader.SplitNalUnits(pes.Payload);
        units.RemoveAll(unit => AnnexBReader.NalTypeOf(unit.Span) == H264NalType.AccessUnitDelimiter);
        if (units.Count == 0)
        {
            _garbage++;
            return;
        }

        var keyframe = units.Exists(unit => AnnexBReader.NalTypeOf(unit.Span) == H264NalType.Idr);
        frames.Add(new MediaFrame(_output.TrackId, MediaCodec.H264, timestamp, keyframe, units, captured));
    }
}
