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

    /// <summary>Parameter sets in one <c>sprop-…</c> value.</summary>
    public const int MaxParameterSets = 16;
}
