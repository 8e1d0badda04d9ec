namespace SecureStream.Media.Transcoding;

/// <summary>
/// <see cref="TranscoderHub.JoinAsync"/> could not start a transcoder after all (another pull took
/// the last slot between <see cref="TranscoderHub.CannotProduce"/> and the join); <see cref="Reason"/>
/// is one of <see cref="TranscodingReasons"/>.
/// </summary>
internal sealed class TranscodingRefusedException : Exception
{
    public TranscodingRefusedException(string reason)
        : base($"transcoding refused: {reason}") => Reason = reason;

    public TranscodingRefusedException()
        : this(TranscodingReasons.Unavailable)
    {
    }

    public TranscodingRefusedException(string message, Exception inner)
        : base(message, inner) => Reason = TranscodingReasons.Unavailable;

    public string Reason { get; }
}
