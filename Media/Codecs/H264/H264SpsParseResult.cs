namespace SecureStream.Media.Codecs.H264;

/// <summary>The outcome of <see cref="H264SpsParser.Parse"/>: an SPS, or a short reason it was refused.</summary>
internal sealed record H264SpsParseResult(H264Sps? Sps, string? Error)
{
    public bool IsValid => Sps is not null;

    public static H264SpsParseResult Valid(H264Sps sps) => new(sps, null);

    public static H264SpsParseResult Invalid(string error) => new(null, error);
}
