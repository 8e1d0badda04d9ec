using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace SecureStream.Media.WebRtc.Sdp;

/// <summary>
/// An H.264 <c>profile-level-id</c> (RFC 6184 §8.1: profile_idc, profile-iop, level_idc as six hex
/// digits) reduced to the profile class browsers negotiate on and the level.
/// </summary>
internal sealed record H264ProfileLevelId(H264Profile Profile, int ProfileIdc, int ProfileIop, int LevelIdc)
{
    /// <summary>What the gateway assumes for a camera that names no profile: Constrained Baseline 3.1, every browser's first choice.</summary>
    public static readonly H264ProfileLevelId Default = new(H264Profile.ConstrainedBaseline, 0x42, 0xe0, 0x1f);

    // (profile_idc, iop mask, iop value, profile) — the table libwebrtc's ParseProfileLevelId uses
    // (H.264 Annex A.2: constraint_set flags turn Baseline/Main/Extended into Constrained Baseline,
    // constraint_set4+5 turn High into Constrained High). First match wins.
    private static readonly (int Idc, int Mask, int Value, H264Profile Profile)[] Patterns =
    [
        (0x42, 0x4f, 0x40, H264Profile.ConstrainedBaseline),
        (0x4d, 0x8f, 0x80, H264Profile.ConstrainedBaseline),
        (0x58, 0xcf, 0xc0, H264Profile.ConstrainedBaseline),
        (0x42, 0x4f, 0x00, H264Profile.Baseline),
        (0x58, 0xcf, 0x80, H264Profile.Baseline),
        (0x4d, 0xaf, 0x00, H264Profile.Main),
        (0x64, 0xff, 0x00, H264Profile.High),
        (0x64, 0xff, 0x0c, H264Profile.ConstrainedHigh),
        (0xf4, 0xff, 0x00, H264Profile.PredictiveHigh444),
    ];

    /// <summary>RFC 6184 §8.1: a payload type without <c>profile-level-id</c> is Baseline, level 1.0.</summary>
    public static readonly H264ProfileLevelId Rfc6184Default = new(H264Profile.Baseline, 0x42, 0x00, 0x0a);

    /// <summary>Six lower-case hex digits, as written in <c>a=fmtp</c>.</summary>
    public string Text => string.Create(CultureInfo.InvariantCulture, $"{ProfileIdc:x2}{ProfileIop:x2}{LevelIdc:x2}");

    /// <summary>
    /// Whether a decoder of profile <paramref name="decoder"/> decodes every stream of profile
    /// <paramref name="stream"/> (H.264 Annex A.2: each profile's decoders must decode the
    /// profiles it lists). Constrained Baseline is the common subset: Baseline, Main, High and
    /// Constrained High decoders take it. Main plays on High; Constrained High on High; Baseline
    /// (which may use FMO, ASO and redundant slices) only on Baseline. High 4:4:4 Predictive
    /// decoders take everything but Baseline. The level is not compared (docs/playback.md).
    /// </summary>
    public static bool Decodes(H264Profile decoder, H264Profile stream) => stream switch
    {
        _ when decoder == stream => true,
        H264Profile.ConstrainedBaseline => decoder is H264Profile.Baseline or H264Profile.Main or H264Profile.ConstrainedHigh
            or H264Profile.High or H264Profile.PredictiveHigh444,
        H264Profile.Main => decoder is H264Profile.High or H264Profile.PredictiveHigh444,
        H264Profile.ConstrainedHigh => decoder is H264Profile.High or H264Profile.PredictiveHigh444,
        H264Profile.High => decoder is H264Profile.PredictiveHigh444,
        _ => false,
    };

    public static bool TryParse(string? text, [NotNullWhen(true)] out H264ProfileLevelId? value)
    {
        value = null;
        if (text is null || text.Length != 6
            || !int.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        return TryCreate((number >> 16) & 0xff, (number >> 8) & 0xff, number & 0xff, out value);
    }

    /// <summary>From an SPS NAL unit (H.264 §7.3.2.1.1: header byte, then profile_idc, constraint flags, level_idc).</summary>
    public static bool TryFromSps(ReadOnlySpan<byte> sps, [NotNullWhen(true)] out H264ProfileLevelId? value)
    {
        value = null;
        return sps.Length >= 4 && (sps[0] & 0x1f) == 7 && TryCreate(sps[1], sps[2], sps[3], out value);
    }

    private static bool TryCreate(int idc, int iop, int level, [NotNullWhen(true)] out H264ProfileLevelId? value)
    {
        value = null;
        if (level == 0)
        {
            return false;
        }

        foreach (var (patternIdc, mask, masked, profile) in Patterns)
        {
            if (idc == patternIdc && (iop & mask) == masked)
            {
                value = new H264ProfileLevelId(profile, idc, iop, level);
                return true;
            }
        }

        return false;
    }
}
