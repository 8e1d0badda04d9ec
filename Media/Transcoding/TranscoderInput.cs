using System.Buffers;
using SecureStream.Media.Codecs;
using SecureStream.Media.Frames;
using SecureStream.Media.Transcoding.MpegTs;

namespace SecureStream.Media.Transcoding;

/// <summary>
/// Turns a camera track's frames into the MPEG-TS bytes one ffmpeg run reads: PAT/PMT first and
/// before every keyframe, each video access unit as an Annex B PES (the track's parameter sets
/// put in front of a keyframe that lacks them), each AAC frame as an ADTS frame; the first frame
/// written is a keyframe, so a fresh ffmpeg never starts on an undecodable picture.
/// </summary>
internal sealed class TranscoderInput
{
    private readonly TrackDescription _source;
    private readonly MpegTsWriter _writer;
    private readonly TranscoderClock _clock;
    private readonly AdtsHeader _adts;
    private readonly bool _video;
    private readonly ArrayBufferWriter<byte> _payload = new();
    private bool _started;

    public TranscoderInput(TranscodeProfile profile, TranscoderClock clock)
    {
        ArgumentNullException.ThrowIfNull(profile);
        _source = profile.Source;
        _writer = new MpegTsWriter(profile.InputStreamType);
        _clock = clock;
        _video = profile.Source.Kind == TrackKind.Video;
        if (!_video)
        {
            AdtsHeader.TryCreate(_source, out _adts);
        }
    }

    /// <summary>Frames of the source track skipped (before the first keyframe, or too large for ADTS).</summary>
    public long Skipped { get; private set; }

    /// <summary>Appends <paramref name="frame"/> as TS packets; false (nothing written) when it is skipped.</summary>
    public bool TryWrite(MediaFrame frame, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(output);
        if (frame.TrackId != _source.TrackId)
        {
            return false;
        }

        if (_video && !_started && !frame.IsKeyframe)
        {
            Skipped++;
            return false;
        }

        _payload.ResetWrittenCount();
        if (_video)
        {
            AnnexBAccessUnit.Write(frame, _source, _payload);
        }
        else
        {
            var size = frame.Size;
            if (size is 0 or > AdtsHeader.MaxPayload)
            {
                Skipped++;
                return false;
            }

            _adts.WriteTo(_payload.GetSpan(AdtsHeader.Length), size);
            _payload.Advance(AdtsHeader.Length);
            foreach (var unit in frame.Units)
            {
                _payload.Write(unit.Span);
            }
        }

        if (!_started || (_video && frame.IsKeyframe))
        {
            _writer.WriteTables(output);
        }

        _started = true;
        _writer.WritePes(_payload.WrittenSpan, _clock.ToPts(frame.Timestamp, frame.ReceivedAt), frame.IsKeyframe, output);
        return true;
    }
}
