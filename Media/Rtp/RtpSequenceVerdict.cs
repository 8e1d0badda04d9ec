namespace SecureStream.Media.Rtp;

/// <summary>What <see cref="RtpSequenceTracker.Update"/> decided about one sequence number.</summary>
internal enum RtpSequenceVerdict
{
    /// <summary>The first packet seen; accept.</summary>
    First,

    /// <summary>The next expected number; accept.</summary>
    InOrder,

    /// <summary>Ahead of the expected number by less than the dropout limit: packets were lost; accept, the stream is discontinuous.</summary>
    Gap,

    /// <summary>The same number as the newest packet: drop.</summary>
    Duplicate,

    /// <summary>Behind the newest packet (reordered or duplicated late): drop.</summary>
    Late,

    /// <summary>A large jump that is not yet confirmed by the next packet: drop (RFC 3550 A.1 bad_seq).</summary>
    Jump,

    /// <summary>A large jump confirmed by its successor: the source restarted; accept, statistics start over.</summary>
    Restart,
}
