namespace SecureStream.Media.Rtsp;

/// <summary>The outcome of reading a 401: the challenge to answer, or why none may be answered.</summary>
internal readonly record struct RtspAuthDecision(RtspAuthChallenge? Challenge, string? RefusalReason)
{
    public bool IsRefused => RefusalReason is not null;

    public static RtspAuthDecision Answer(RtspAuthChallenge challenge) => new(challenge, null);

    public static RtspAuthDecision Refuse(string reason) => new(null, reason);
}
