namespace SecureStream.Media.Codecs.H265;

/// <summary>The outcome of <see cref="H265SpsParser.Parse"/>: an SPS, or a short reason it was refused.</summary>
internal sealed record H265SpsParseResult(H265Sps? Sps, string? Error)
{
    public bool IsValid => Sps is not null;

    public static H265SpsParseResult Valid(H265Sps sps) => new(sps, null);

    public static H265SpsParseResult Invalid(string error) => new(null, error);
}
