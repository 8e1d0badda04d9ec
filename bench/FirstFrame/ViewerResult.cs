namespace SecureStream.FirstFrame;

/// <summary>
/// One measured viewer, times in ms from just before the page's POST of the WHEP offer.
/// <paramref name="Method"/> is <c>rvfc</c> (requestVideoFrameCallback) or <c>getStats</c> (framesDecoded polled).
/// </summary>
internal sealed record ViewerResult(
    string? Error,
    string? Method,
    double? AnswerMs,
    double? ConnectedMs,
    double? FirstFrameMs,
    int Width,
    int Height)
{
    public bool Succeeded => Error is null && FirstFrameMs is not null;
}
