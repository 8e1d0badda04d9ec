using SecureStream.Policy.Access;
using SecureStream.Policy.Sessions;

namespace SecureStream.Proxy.Sessions;

/// <summary>
/// A viewing session the gate admitted. It ends exactly once — hang-up, WHEP DELETE, deadline,
/// kick, revoked operator or shutdown — and that single end sends the closing webhook and the
/// <c>session.end</c> audit record.
/// </summary>
/// <remarks>
/// Live → ending (the front door asked the origin to end it, and waits for the origin's report)
/// → closed. The origin's report closes a live session directly (docs/architecture.md, "Session ends").
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "A CancellationTokenSource without a timer holds nothing to release, and the session's token must stay readable after it ends.")]
internal sealed class AdmittedSession
{
    private readonly CancellationTokenSource _ended = new();
    private const int Live = 0;
    private const int Ending = 1;
    private const int Closed = 2;

    private readonly Lock _endGate = new();
    private int _endState;
    private SessionEndReason _requestedReason;
    private long _requestedAt;
    private long _bytesSent;

    public required string Id { get; init; }

    public required CameraPath Camera { get; init; }

    public required string OperatorKey { get; init; }

    public required string CredentialKind { get; init; }

    public string? CredentialId { get; init; }

    /// <summary>When the credential (link or token) expires; a kick bars it until then.</summary>
    public DateTimeOffset? CredentialExpires { get; init; }

    /// <summary>The key that verified the credential; retiring or removing it ends the session.</summary>
    public string? SigningKeyId { get; init; }

    public required SecureStream.Policy.Audit.AuditProtocol Protocol { get; init; }

    public required string ClientIp { get; init; }

    public int ClientPort { get; init; }

    public string? RealIp { get; init; }

    public string? UserAgent { get; init; }

    /// <summary>The admitting request's trace id: the session's <c>session.end</c> record carries it too, so the pair can be found by one id.</summary>
    public string? TraceId { get; init; }

    /// <summary>The viewer's own trace id from its <c>traceparent</c>, if it sent a well-formed one; the session's records carry it beside <see cref="TraceId"/>.</summary>
    public string? ClientTraceId { get; init; }

    /// <summary>The request URL as rebuilt for the webhook; the closing call repeats it.</summary>
    public required string Url { get; init; }

    /// <summary>The camera stream admitted: the substream only when asked for and the camera has one.</summary>
    public CameraRendition Rendition { get; init; }

    /// <summary>The webhook's <c>new_url</c>, when it redirected the session.</summary>
    public string? NewUrl { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>min(stream_expire, webhook lifetime, token sx); null = no deadline.</summary>
    public DateTimeOffset? EndsAt { get; init; }

    /// <summary>True when the admission webhook admitted it, so a closing call is owed.</summary>
    public bool WebhookAdmitted { get; init; }

    /// <summary>
    /// Whether a WHEP PATCH/DELETE for <paramref name="camera"/> may address this session's
    /// resource: its own camera, or either camera when the webhook rewrote its URL (<see cref="NewUrl"/>).
    /// </summary>
    public bool AnswersTo(CameraPath camera) => Camera == camera || NewUrl is not null;

    /// <summary>The WHEP session resource id the origin handed out, once known.</summary>
    public string? ResourceId { get; set; }

    /// <summary>
    /// The origin YARP forwarded the session's signalling to (its normalised address), once chosen:
    /// when that origin is marked down the session ends <c>origin_lost</c> (docs/cluster.md,
    /// "Sessions across nodes"). Null until forwarded, and for the embedded origin of a single node.
    /// </summary>
    public string? Origin
    {
        get => Volatile.Read(ref _origin);
        set => Volatile.Write(ref _origin, value);
    }

    private string? _origin;

    /// <summary>Released when the session ends (per-operator concurrency cap).</summary>
    public IDisposable? Lease { get; init; }

    /// <summary>Cancelled when the session ends, which aborts its proxied signalling.</summary>
    public CancellationToken EndedToken => _ended.Token;

    public long BytesSent => Interlocked.Read(ref _bytesSent);

    public void AddBytesSent(long count) => Interlocked.Add(ref _bytesSent, count);

    /// <summary>
    /// Claims the front door's one request to end the live session, remembering its reason and
    /// when (a <see cref="TimeProvider"/> timestamp); only the first caller gets true.
    /// </summary>
    public bool TryBeginEnd(SessionEndReason reason, long timestamp)
    {
        lock (_endGate)
        {
            if (_endState != Live)
            {
                return false;
            }

            _requestedReason = reason;
            _requestedAt = timestamp;
            Volatile.Write(ref _endState, Ending);
            return true;
        }
    }

    /// <summary>The reason and time of the front door's request, while it waits for the origin's report.</summary>
    public bool TryGetEndRequest(out SessionEndReason reason, out long timestamp)
    {
        lock (_endGate)
        {
            reason = _requestedReason;
            timestamp = _requestedAt;
            return _endState == Ending;
        }
    }

    /// <summary>Claims the one closing (from live or ending); only the first caller gets true.</summary>
    public bool TryMarkClosed()
    {
        lock (_endGate)
        {
            if (_endState == Closed)
            {
                return false;
            }

            Volatile.Write(ref _endState, Closed);
            return true;
        }
    }

    /// <summary>True once ending or closed: nothing may address the session any more.</summary>
    public bool HasEnded => Volatile.Read(ref _endState) != Live;

    /// <summary>Aborts whatever still carries the session (signalling connection).</summary>
    public void Abort()
    {
        try
        {
            _ended.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already torn down.
        }
    }
}
