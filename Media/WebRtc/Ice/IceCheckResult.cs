namespace SecureStream.Media.WebRtc.Ice;

/// <summary>
/// The decision on one Binding request. When <see cref="ResponseLength"/> is positive, that many
/// bytes of the caller's response buffer are to be sent back to the request's source.
/// </summary>
internal readonly record struct IceCheckResult(
    IceCheckVerdict Verdict,
    IceDropReason DropReason,
    int ResponseLength,
    bool SelectedPairChanged)
{
    public static IceCheckResult Dropped(IceDropReason reason) => new(IceCheckVerdict.Dropped, reason, 0, false);
}
