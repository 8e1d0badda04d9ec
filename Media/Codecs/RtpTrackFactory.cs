using SecureStream.Media.Codecs.Audio;
using SecureStream.Media.Codecs.H264;
using SecureStream.Media.Codecs.H265;
using SecureStream.Media.Frames;
using SecureStream.Media.Rtp;

namespace SecureStream.Media.Codecs;

/// <summary>
/// Builds the receive path of one SDP track: picks the depacketizer by encoding name, decodes
/// the SDP parameter sets (bad ones are counted and skipped, the track still starts), and refuses
/// what this gateway does not implement with a reason code instead of misreading it:
/// H.264 interleaved mode (<c>packetization-mode=2</c>), H.265 with DONL
/// (<c>sprop-max-don-diff</c> or <c>sprop-depack-buf-nalus</c> above 0), AAC AU-header fields
/// other than sizes and indices, MP4A-LATM with its config in-band (<c>cpresent=1</c>) or a
/// multiplex other than one program, one layer (docs/cameras.md, Camera codecs).
/// </summary>
internal static class RtpTrackFactory
{
    public static RtpTrackFactoryResult Create(RtpTrackSettings settings, TimeProvider timeProvider, AccessUnitLimits? limits = null)
    {
        limits ??= AccessUnitLimits.Default;
        var parameters = new Dictionary<string, string>(settings.FormatParameters, StringComparer.OrdinalIgnoreCase);
        var counters = new RtpTrackCounters();
        var name = settings.EncodingName.Trim().ToUpperInvariant();
        if (name.Length == 0)
        {
            // RFC 3551 Table 4: static payload types that need no a=rtpmap.
            name = settings.PayloadType switch
            {
                0 => "PCMU",
                8 => "PCMA",
                _ => name,
            };
        }

        IRtpDepacketizer? depacketizer;
        switch (name)
        {
            case "H264":
                if (Get(parameters, "packetization-mode") is "2")
                {
                    return RtpTrackFactoryResult.Unsupported("h264_interleaved_mode");
                }

                depacketizer = new H264Depacketizer(
                    Video(settings, MediaCodec.H264),
                    counters,
                    limits,
                    SdpParameterSets.Decode(Get(parameters, "sprop-parameter-sets"), limits, counters));
                break;
            case "H265":
                if (Get(parameters, "sprop-max-don-diff") is { } donDiff && donDiff.Trim() != "0")
                {
                    return RtpTrackFactoryResult.Unsupported("h265_donl");
                }

                if (Get(parameters, "sprop-depack-buf-nalus") is { } bufNalus && bufNalus.Trim() != "0")
                {
                    return RtpTrackFactoryResult.Unsupported("h265_donl");
                }

                var sets = new List<byte[]>();
                foreach (var key in (string[])["sprop-vps", "sprop-sps", "sprop-pps"])
                {
                    sets.AddRange(SdpParameterSets.Decode(Get(parameters, key), limits, counters));
                }

                depacketizer = new H265Depacketizer(Video(settings, MediaCodec.H265), counters, limits, sets);
                break;
            case "PCMU":
                depacketizer = new AudioPassThroughDepacketizer(Audio(settings, MediaCodec.Pcmu, 8000, 1), counters);
                break;
            case "PCMA":
                depacketizer = new AudioPassThroughDepacketizer(Audio(settings, MediaCodec.Pcma, 8000, 1), counters);
                break;
            case "OPUS":
                // RFC 7587 §7: always opus/48000/2 in the SDP, whatever is inside.
                depacketizer = new AudioPassThroughDepacketizer(Audio(settings, MediaCodec.Opus, 48000, 2), counters);
                break;
            case "MPEG4-GENERIC" when settings.ClockRate <= 0:
                return RtpTrackFactoryResult.Unsupported("aac_clock_rate");
            case "MPEG4-GENERIC":
                if (Get(parameters, "mode") is not { } mode || !(mode.Equals("AAC-hbr", StringComparison.OrdinalIgnoreCase) || mode.Equals("AAC-lbr", StringComparison.OrdinalIgnoreCase)))
                {
                    return RtpTrackFactoryResult.Unsupported("aac_mode");
                }

                if (!AacFormat.TryCreate(parameters, out var format, out var error))
                {
                    return RtpTrackFactoryResult.Unsupported(error!);
                }

                // Channels from the rtpmap, else from the config (an rtpmap may leave them out).
                var configChannels = AudioSpecificConfig.Parse(format!.Config)?.Channels ?? 1;
                depacketizer = new AacDepacketizer(Audio(settings, MediaCodec.Aac, settings.ClockRate, configChannels), counters, format);
                break;
            case "MP4A-LATM" when settings.ClockRate <= 0:
                return RtpTrackFactoryResult.Unsupported("aac_clock_rate");
            case "MP4A-LATM":
                if (!LatmFormat.TryCreate(parameters, settings.ClockRate, out var latm, out var latmError))
                {
                    return RtpTrackFactoryResult.Unsupported(latmError!);
                }

                depacketizer = new LatmDepacketizer(Audio(settings, MediaCodec.Aac, settings.ClockRate, latm!.Config.Channels), counters, latm);
                break;
            default:
                return RtpTrackFactoryResult.Unsupported("codec");
        }

        return RtpTrackFactoryResult.Supported(new RtpTrackReceiver(depacketizer, counters, [settings.PayloadType], timeProvider));
    }

    private static string? Get(Dictionary<string, string> parameters, string name) =>
        parameters.TryGetValue(name, out var value) ? value : null;

    private static TrackDescription Video(RtpTrackSettings settings, MediaCodec codec) =>
        new(settings.TrackId, TrackKind.Video, codec, settings.ClockRate > 0 ? settings.ClockRate : 90000, 0, []);

    private static TrackDescription Audio(RtpTrackSettings settings, MediaCodec codec, int defaultClockRate, int defaultChannels) =>
        new(
            settings.TrackId,
            TrackKind.Audio,
            codec,
            settings.ClockRate > 0 ? settings.ClockRate : defaultClockRate,
            settings.Channels > 0 ? settings.Channels : defaultChannels,
            []);
}
