namespace SecureStream.Policy.Admission;

/// <summary>
/// One attempt of one webhook call, as its connection saw it: whether the request went out on a
/// connection that had already carried an earlier call (a pooled, reused one) and whether any
/// byte of an answer came back. <see cref="AdmissionConnectionStream"/> fills it in; the client
/// decides from it whether a failed attempt may be sent again (docs/webhooks.md, "Connections").
/// </summary>
/// <remarks>
/// The attempt is found through an <see cref="AsyncLocal{T}"/>: the HTTP/1.1 handler writes a
/// request on the caller's own async flow, so the connection that writes it can tell which
/// attempt it serves.
/// </remarks>
internal sealed class AdmissionExchange
{
    private static readonly AsyncLocal<AdmissionExchange?> CurrentAttempt = new();

    private AdmissionConnectionStream? _connection;
    private bool _reused;
    private bool _answered;

    /// <summary>The attempt running on this async flow, if any.</summary>
    public static AdmissionExchange? Current => CurrentAttempt.Value;

    /// <summary>The connection this attempt's request was written to (null before the first write).</summary>
    public AdmissionConnectionStream? Connection => Volatile.Read(ref _connection);

    /// <summary>The request went out on a connection that had carried an earlier call.</summary>
    public bool Reused => Volatile.Read(ref _reused);

    /// <summary>At least one byte of an answer arrived for this attempt.</summary>
    public bool Answered => Volatile.Read(ref _answered);

    /// <summary>The answer's HTTP status, once its headers arrived.</summary>
    public int? Status { get; set; }

    /// <summary>
    /// Makes this the attempt of the current async flow. Call it inside the async method that
    /// sends the request and reads the answer: the value is scoped to that method and its callees.
    /// </summary>
    public void Enter() => CurrentAttempt.Value = this;

    /// <summary>
    /// Whether a failed attempt may be sent once more, on a fresh connection: only when it failed
    /// as a connection failure (not a timeout) on a reused connection before a single byte of an
    /// answer, which is how a connection the receiver had already closed fails. A receiver that
    /// closed an idle connection never read the request; anything else may have reached it.
    /// </summary>
    public bool MayRetry(Exception exception) =>
        exception is HttpRequestException { InnerException: not TimeoutException } && Reused && !Answered;

    /// <summary>Called by the connection when it writes this attempt's first bytes.</summary>
    internal void Attach(AdmissionConnectionStream connection, bool reused)
    {
        Volatile.Write(ref _reused, reused);
        Volatile.Write(ref _connection, connection);
    }

    /// <summary>Called by the connection when bytes of an answer arrive.</summary>
    internal void MarkAnswered() => Volatile.Write(ref _answered, true);
}
