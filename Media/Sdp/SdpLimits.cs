namespace SecureStream.Media.Sdp;

/// <summary>
/// Bounds on what a camera's DESCRIBE body may contain. Real cameras send a few hundred bytes with
/// one to three media sections; anything far beyond is an attack or a broken device, and is
/// refused before it can cost memory.
/// </summary>
internal static class SdpLimits
{
    public const int MaxBytes = 64 * 1024;

    public const int MaxMediaSections = 16;

    /// <summary>Per section, the session level counting as one section.</summary>
    public const int MaxAttributesPerSection = 256;

    /// <summary>Payload types listed on one <c>m=</c> line.</summary>
    public const int MaxFormatsPerMedia = 32;

    /// <summary>
    /// A browser's offer lists far more codecs than a camera: Chromium 13x writes some 30 payload
    /// types (VP8, VP9 and AV1 profiles, H.264 and H.265 profiles in both packetization modes, each
    /// with RTX, RED, ULPFEC) and 7 attribute lines for each. These bounds leave room for that and
    /// stay below what could cost memory (64 KB and 16 sections still apply).
    /// </summary>
    public const int BrowserMaxAttributesPerSection = 1024;

    /// <summary>Every RTP payload type (0–127) once.</summary>
    public const int BrowserMaxFormatsPerMedia = 128;

    /// <summary>Parameter sets in one <c>sprop-…</c> value.</summary>
    public const int MaxParameterSets = 16;
}
