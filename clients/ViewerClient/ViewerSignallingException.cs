namespace SecureStream.ViewerClient;

/// <summary>
/// The gateway refused or failed the signalling exchange. <see cref="Reason"/> is a short code for
/// tables (<c>http_403</c>, <c>answer_no_track</c>…): never a URL, a query string or a body,
/// which may carry a signed link.
/// </summary>
internal sealed class ViewerSignallingException : Exception
{
    public ViewerSignallingException()
        : this("signalling_failed")
    {
    }

    public ViewerSignallingException(string reason)
        : base(reason)
    {
        Reason = reason;
    }

    public ViewerSignallingException(string reason, Exception innerException)
        : base(reason, innerException)
    {
        Reason = reason;
    }

    public string Reason { get; }
}
