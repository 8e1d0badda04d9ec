using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SecureStream.Media.Origin;
using SecureStream.Policy.Access;
using SecureStream.Policy.Sessions;

namespace SecureStream.Proxy.Sessions;

/// <summary>
/// The live sessions this front door admitted. Owns the "exactly one end" rule. A session's end
/// travels one way (docs/architecture.md, "Session ends"): a front-door decision (kick,
/// revocation, deadline, shutdown, audit failure) is a request to the origin, and the closing —
/// one closing webhook, one <c>session.end</c> record — happens from the origin's report
/// (<see cref="SessionEnded"/>), with the first cause. Only a session the origin does not carry
/// (never reached it, a snapshot, its end already reported) is closed here directly.
/// </summary>
internal sealed partial class SessionRegistry : IViewerSessionObserver
{
    /// <summary>How long an end the origin accepted may go unreported before the front door closes the session itself.</summary>
    public static readonly TimeSpan OriginReportPatience = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, AdmittedSession> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AdmittedSession> _byResource = new(StringComparer.Ordinal);
    private readonly RecentlyEndedResources _recentlyEnded;
    private readonly ISessionCloser _closer;
    private readonly TimeProvider _time;
    private readonly IViewerSessionEnds? _origin;
    private readonly SessionPeaks? _peaks;
    private readonly ISessionMirror? _mirror;
    private readonly SessionMetrics? _metrics;
    private readonly ILogger _logger;

    /// <param name="origin">The origin's side of the session-end seam; null for a front door that carries no media itself.</param>
    /// <param name="mirror">Told of every session opened and closed (the cluster's live session list); null on a single node.</param>
    /// <param name="metrics">Counts sessions live and ended (docs/metrics.md); null records nothing.</param>
    public SessionRegistry(ISessionCloser closer, TimeProvider time, IViewerSessionEnds? origin = null, SessionPeaks? peaks = null, ILogger<SessionRegistry>? logger = null, ISessionMirror? mirror = null, SessionMetrics? metrics = null)
    {
        _mirror = mirror;
        _metrics = metrics;
        _closer = closer;
        _time = time;
        _origin = origin;
        _peaks = peaks;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _recentlyEnded = new RecentlyEndedResources(time);
        // The origin was built first and knows no front door; the registry, built with the origin,
        // registers as the one who hears its ends. Each side depends on the other only one way.
        origin?.Observe(this);
    }

    public int Count => _sessions.Count;

    public IEnumerable<AdmittedSession> All => _sessions.Values;

    private TaskCompletionSource _added = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Add(AdmittedSession session)
    {
        _sessions[session.Id] = session;
        _metrics?.Opened(session.Protocol);
        _peaks?.Opened(session.Camera);
        _mirror?.Opened(session);
        Interlocked.Exchange(ref _added, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>
    /// Completes when at least one session is live, so the once-a-second sweep costs nothing while
    /// nobody watches (an idle gateway should not wake up every second).
    /// </summary>
    public Task WaitForSessionsAsync(CancellationToken cancellationToken)
    {
        var added = Volatile.Read(ref _added);
        return _sessions.IsEmpty ? added.Task.WaitAsync(cancellationToken) : Task.CompletedTask;
    }

    public bool TryGet(string sessionId, out AdmittedSession? session) => _sessions.TryGetValue(sessionId, out session);

    /// <summary>Remembers the WHEP resource the origin created, so PATCH/DELETE find the session.</summary>
    public void BindResource(AdmittedSession session, string resourceId)
    {
        session.ResourceId = resourceId;
        _byResource[resourceId] = session;
    }

    public bool TryGetByResource(string resourceId, out AdmittedSession? session) =>
        _byResource.TryGetValue(resourceId, out session) && !session.HasEnded;

    /// <summary>
    /// True when <paramref name="resourceId"/> belonged to a session, addressable as
    /// <paramref name="camera"/>, that ended a moment ago: still being closed, or remembered
    /// (<see cref="RecentlyEndedResources"/>).
    /// </summary>
    public bool EndedRecently(string resourceId, CameraPath camera) =>
        _byResource.TryGetValue(resourceId, out var closing)
            ? closing.HasEnded && closing.AnswersTo(camera)
            : _recentlyEnded.Contains(resourceId, camera);

    /// <summary>
    /// The front door's decision to end a session: asks the origin to end its media, and closes
    /// the session here only when the origin does not carry it. True for the first decision;
    /// later ones (the session ending or closed already) do nothing and return false.
    /// </summary>
    public bool End(AdmittedSession session, SessionEndReason reason)
    {
        if (!session.TryBeginEnd(reason, _time.GetTimestamp()))
        {
            return false;
        }

        if (_origin?.RequestEnd(session.Id, reason) != true)
        {
            Close(session, reason, octetsSent: 0);
        }

        return true;
    }

    /// <summary>
    /// The origin's report that a session ended (whoever decided it): closes it once, with the
    /// reason and byte count reported. A report for a session closed already does nothing.
    /// </summary>
    public void SessionEnded(ViewerSessionEnd ended)
    {
        ArgumentNullException.ThrowIfNull(ended);
        if (_sessions.TryGetValue(ended.SessionId, out var session))
        {
            Close(session, ended.Reason, ended.OctetsSent);
        }
    }

    /// <summary>
    /// Closes the sessions whose end the origin accepted more than <paramref name="patience"/> ago
    /// without reporting it (a report lost between processes; in one process it does not happen),
    /// with the reason the front door asked for. Called with the once-a-second sweep.
    /// </summary>
    public int CloseUnreported(TimeSpan patience)
    {
        var closed = 0;
        foreach (var session in _sessions.Values)
        {
            if (session.HasEnded &&
                session.TryGetEndRequest(out var reason, out var requestedAt) &&
                _time.GetElapsedTime(requestedAt) >= patience &&
                Close(session, reason, octetsSent: 0))
            {
                Log.EndNotReported(_logger, session.Id, reason.ToCode());
                closed++;
            }
        }

        return closed;
    }

    /// <summary>
    /// Ends every session (shutdown) and waits, at most <see cref="OriginReportPatience"/> or until
    /// <paramref name="cancellationToken"/>, for the origin's reports; whatever is still unreported
    /// then is closed here, so every session still gets its one closing before the process exits.
    /// </summary>
    public async Task EndAllAsync(SessionEndReason reason, CancellationToken cancellationToken)
    {
        var sessions = _sessions.Values.ToArray();
        foreach (var session in sessions)
        {
            End(session, reason);
        }

        try
        {
            await Task.WhenAll(sessions.Select(ClosedAsync)).WaitAsync(OriginReportPatience, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is TimeoutException or OperationCanceledException)
        {
            // Closed below, without the origin's report.
        }

        CloseUnreported(TimeSpan.Zero);
    }

    /// <summary>Completes when the session has been closed (its token is cancelled by the closing).</summary>
    private static Task ClosedAsync(AdmittedSession session)
    {
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        session.EndedToken.UnsafeRegister(static state => ((TaskCompletionSource)state!).TrySetResult(), closed);
        return closed.Task;
    }

    private bool Close(AdmittedSession session, SessionEndReason reason, long octetsSent)
    {
        if (!session.TryMarkClosed())
        {
            return false;
        }

        session.AddBytesSent(octetsSent);
        if (_sessions.TryRemove(session.Id, out _))
        {
            _metrics?.Left(session.Protocol);
            _peaks?.Closed(session.Camera);
            _mirror?.Closed(session);
        }

        if (session.ResourceId is { } resource)
        {
            _byResource.TryRemove(resource, out _);
            // What AdmittedSession.AnswersTo needs, not the session itself (kept for two minutes).
            _recentlyEnded.Remember(resource, session.Camera, anyCamera: session.NewUrl is not null);
        }

        session.Lease?.Dispose();
        session.Abort();
        _metrics?.Ended(reason);
        _closer.Close(session, reason);
        return true;
    }

    /// <summary>
    /// Ends, at once, the sessions whose origin went away (<paramref name="reason"/>: <c>origin_lost</c>):
    /// no report can come from a dead origin, so each is closed here — one closing webhook, one
    /// <c>session.end</c> — and the end is still requested, in case the origin lives and only
    /// its health check failed (its later report then finds the session closed and does nothing).
    /// A session already waiting for its end's report is closed now too: with <paramref name="reason"/>
    /// when the front door had asked because the origin broke its signalling (<c>origin_error</c>,
    /// the symptom of the same loss), otherwise with the reason it asked for (the first cause).
    /// </summary>
    public int EndLost(Func<AdmittedSession, bool> predicate, SessionEndReason reason)
    {
        var ended = 0;
        foreach (var session in _sessions.Values)
        {
            if (!predicate(session))
            {
                continue;
            }

            var closeWith = reason;
            if (session.TryBeginEnd(reason, _time.GetTimestamp()))
            {
                _origin?.RequestEnd(session.Id, reason);
            }
            else if (session.TryGetEndRequest(out var requested, out _) && requested != SessionEndReason.OriginError)
            {
                closeWith = requested;
            }

            if (Close(session, closeWith, octetsSent: 0))
            {
                ended++;
            }
        }

        return ended;
    }

    /// <summary>Ends every session whose deadline has passed; called once a second.</summary>
    public int EndOverdue()
    {
        var now = _time.GetUtcNow();
        var ended = 0;
        foreach (var session in _sessions.Values)
        {
            if (session.EndsAt is { } end && end <= now && End(session, SessionEndReason.Deadline))
            {
                ended++;
            }
        }

        return ended;
    }

    /// <summary>Ends the sessions of one operator (revoked or disabled).</summary>
    public int EndWhere(Func<AdmittedSession, bool> predicate, SessionEndReason reason)
    {
        var ended = 0;
        foreach (var session in _sessions.Values)
        {
            if (predicate(session) && End(session, reason))
            {
                ended++;
            }
        }

        return ended;
    }
}
