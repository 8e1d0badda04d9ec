using SecureStream.Media.Codecs.Audio;
using SecureStream.Media.Frames;

namespace SecureStream.Media.Transcoding.MpegTs;

/// <summary>
/// The fixed part of an ADTS header (ISO/IEC 13818-7 §6.2, 14496-3 §1.A.2.2) for the frames of one
/// AAC track, built from its AudioSpecificConfig (read by <see cref="AudioSpecificConfig"/>), which the AAC
/// depacketizers keep as the track's only parameter set.
/// </summary>
/// <param name="Profile">ADTS profile: audioObjectType − 1 (0 Main, 1 LC, 2 SSR, 3 LTP).</param>
internal readonly record struct AdtsHeader(int Profile, int FrequencyIndex, int ChannelConfiguration)
{
    /// <summary>Header bytes (no CRC).</summary>
    public const int Length = 7;

    /// <summary>Largest payload a 13-bit frame_length can carry.</summary>
    public const int MaxPayload = 8191 - Length;

    /// <summary>From the track's AudioSpecificConfig, or from its clock rate and channels (AAC-LC) when it has none; false when ADTS cannot express it.</summary>
    public static bool TryCreate(TrackDescription track, out AdtsHeader header)
    {
        ArgumentNullException.ThrowIfNull(track);
        header = default;
        if (track.ParameterSets.Count == 0 || track.ParameterSets[0].Length < 2)
        {
            var index = AudioSpecificConfig.FrequencyIndexOf(track.ClockRate);
            if (index < 0 || track.Channels is < 1 or > 7)
            {
                return false;
            }

            header = new AdtsHeader(1, index, track.Channels);
            return true;
        }

        if (AudioSpecificConfig.Parse(track.ParameterSets[0].Span) is not { } config)
        {
            return false;
        }

        // HE-AAC (SBR 5, PS 29) signalled explicitly: ADTS carries the AAC-LC core; the decoder finds SBR implicitly.
        var objectType = config.ObjectType is 5 or 29 ? 2 : config.ObjectType;
        var frequencyIndex = AudioSpecificConfig.FrequencyIndexOf(config.SampleRate);
        if (frequencyIndex < 0)
        {
            return false;
        }

        // channelConfiguration 7 is eight channels.
        header = new AdtsHeader(objectType - 1, frequencyIndex, config.Channels == 8 ? 7 : config.Channels);
        return true;
    }

    /// <summary>Writes the 7 header bytes for a frame of <paramref name="payloadLength"/> bytes (at most <see cref="MaxPayload"/>).</summary>
    public void WriteTo(Span<byte> destination, int payloadLength)
    {
        var frameLength = payloadLength + Length;
        destination[0] = 0xFF;
        destination[1] = 0xF1; // MPEG-4, layer 0, protection_absent.
        destination[2] = (byte)((Profile << 6) | (FrequencyIndex << 2) | (ChannelConfiguration >> 2));
        destination[3] = (byte)(((ChannelConfiguration & 0x03) << 6) | (frameLength >> 11));
        destination[4] = (byte)(frameLength >> 3);
        destination[5] = (byte)(((frameLength & 0x07) << 5) | 0x1F); // buffer fullness 0x7FF: variable rate.
        destination[6] = 0xFC;
    }
}
