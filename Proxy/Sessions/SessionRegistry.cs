using System.Collections.Concurrent;
using SecureStream.Policy.Access;

namespace SecureStream.Proxy.Sessions;

/// <summary>
/// The live sessions this front door admitted. Owns the "exactly one end" rule: every path that
/// ends a session goes through <see cref="End"/>, which only the first caller gets past.
/// </summary>
internal sealed class SessionRegistry(ISessionCloser closer, TimeProvider time, IOriginSessions? origin = null, SessionPeaks? peaks = null)
{
    private readonly ConcurrentDictionary<string, AdmittedSession> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AdmittedSession> _byResource = new(StringComparer.Ordinal);
    private readonly RecentlyEndedResources _recentlyEnded = new(time);

    public int Count => _sessions.Count;

    public IEnumerable<AdmittedSession> All => _sessions.Values;

    private TaskCompletionSource _added = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Add(AdmittedSession session)
    {
        _sessions[session.Id] = session;
        peaks?.Opened(session.Camera);
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

    /// <summary>Ends a session exactly once (media on the origin too); later calls for the same session do nothing.</summary>
    public bool End(AdmittedSession session, SessionEndReason reason)
    {
        if (!session.TryMarkEnded())
        {
            return false;
        }

        if (origin is not null)
        {
            // The origin may have ended the media first (its deadline timer) and not reported it
            // yet: then its reason is the session's, not the front door's (a viewer's DELETE that
            // reacted to the origin's close_notify).
            var ended = origin.End(session.Id, reason);
            session.AddBytesSent(ended.OctetsSent);
            reason = ended.Reason;
        }

        return Close(session, reason);
    }

    /// <summary>The origin ended the session's media (hang-up, consent, camera, deadline): close it here once.</summary>
    public bool EndFromOrigin(AdmittedSession session, SessionEndReason reason, long octetsSent)
    {
        if (!session.TryMarkEnded())
        {
            return false;
        }

        session.AddBytesSent(octetsSent);
        return Close(session, reason);
    }

    private bool Close(AdmittedSession session, SessionEndReason reason)
    {
        if (_sessions.TryRemove(session.Id, out _))
        {
            peaks?.Closed(session.Camera);
        }

        if (session.ResourceId is { } resource)
        {
            _byResource.TryRemove(resource, out _);
            // What AdmittedSession.AnswersTo needs, not the session itself (kept for two minutes).
            _recentlyEnded.Remember(resource, session.Camera, anyCamera: session.NewUrl is not null);
        }

        session.Lease?.Dispose();
        session.Abort();
        closer.Close(session, reason);
        return true;
    }

    /// <summary>Ends every session whose deadline has passed; called once a second.</summary>
    public int EndOverdue()
    {
        var now = time.GetUtcNow();
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
