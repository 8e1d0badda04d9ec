namespace SecureStream.Media.Codecs;

/// <summary>
/// Bounds on what a camera can make the depacketizer hold. An access unit over a bound is dropped
/// whole and counted, its memory released at once, and the stream resumes with the next one.
/// </summary>
internal sealed record AccessUnitLimits
{
    public static AccessUnitLimits Default { get; } = new();

    /// <summary>Largest access unit in bytes (4 MiB: far above any real 4K intra picture at camera bit rates).</summary>
    public int MaxAccessUnitSize { get; init; } = 4 * 1024 * 1024;

    /// <summary>Most NAL units in one access unit (slices, SEI, parameter sets).</summary>
    public int MaxUnitsPerAccessUnit { get; init; } = 1024;

    /// <summary>Largest parameter set (VPS/SPS/PPS) kept; real ones are tens to a few hundred bytes.</summary>
    public int MaxParameterSetSize { get; init; } = 4096;

    /// <summary>Most parameter sets taken from one SDP attribute.</summary>
    public int MaxSdpParameterSets { get; init; } = 16;
}
