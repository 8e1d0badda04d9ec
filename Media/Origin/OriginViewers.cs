using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using SecureStream.Policy.Sessions;

namespace SecureStream.Media.Origin;

/// <summary>
/// The viewer sessions live on this origin, by the front door's session id and by WHEP resource.
/// Whatever ends a session — the viewer, the front door, consent, the camera, the deadline — its
/// end is reported once to the <see cref="IViewerSessionObserver"/> registered with
/// <see cref="Observe"/>, after the session's teardown, with the first cause and the octets sent.
/// </summary>
internal sealed partial class OriginViewers(ILogger<OriginViewers> logger) : IViewerSessionEnds
{
    private IViewerSessionObserver? _observer;
    private readonly ConcurrentDictionary<string, OriginViewer> _bySession = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, OriginViewer> _byResource = new(StringComparer.Ordinal);

    public int Count => _bySession.Count;

    public IEnumerable<OriginViewer> All => _bySession.Values;

    /// <summary>Adds a started session; false when the session id is already live (a ticket used twice cannot get here).</summary>
    public bool TryAdd(OriginViewer viewer)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (!_bySession.TryAdd(viewer.SessionId, viewer))
        {
            return false;
        }

        if (viewer.ResourceId is { } resource)
        {
            _byResource[resource] = viewer;
        }

        _ = ReportEndAsync(viewer);
        return true;
    }

    public bool TryGet(string sessionId, out OriginViewer? viewer) => _bySession.TryGetValue(sessionId, out viewer);

    public bool TryGetByResource(string resourceId, out OriginViewer? viewer) => _byResource.TryGetValue(resourceId, out viewer);

    /// <summary>
    /// Ends the session with <paramref name="reason"/> (the first reason wins: a session already
    /// ending keeps its own). True when it is live here, so its end will be reported; false when it
    /// is not (never started here, or its end already reported).
    /// </summary>
    public bool RequestEnd(string sessionId, SessionEndReason reason)
    {
        if (!_bySession.TryGetValue(sessionId, out var viewer))
        {
            return false;
        }

        viewer.Session.End(reason);
        return true;
    }

    /// <inheritdoc />
    public void Observe(IViewerSessionObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        if (Interlocked.CompareExchange(ref _observer, observer, null) is not null)
        {
            throw new InvalidOperationException("The origin's viewer session ends are observed already.");
        }
    }

    /// <summary>Ends every session and waits for their teardown (shutdown).</summary>
    public async Task EndAllAsync(SessionEndReason reason)
    {
        var viewers = _bySession.Values.ToArray();
        foreach (var viewer in viewers)
        {
            viewer.Session.End(reason);
        }

        await Task.WhenAll(viewers.Select(v => v.Session.Ended)).ConfigureAwait(false);
    }

    private async Task ReportEndAsync(OriginViewer viewer)
    {
        var reason = await viewer.Session.Ended.ConfigureAwait(false);
        try
        {
            // Reported while the viewer is still listed: until the front door has heard the end, its
            // own request (a DELETE or a kick racing the teardown) finds the session and is told
            // the report will come, so the front door never closes it a second time.
            Volatile.Read(ref _observer)?.SessionEnded(new ViewerSessionEnd(viewer.SessionId, viewer.Camera, reason, viewer.Session.OctetsSent) { AdmittedBy = viewer.AdmittedBy });
        }
#pragma warning disable CA1031 // The observer is the front door's closing path; its failure must not fault an unobserved task.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Log.ObserverFailed(logger, viewer.SessionId, exception);
        }
        finally
        {
            _bySession.TryRemove(viewer.SessionId, out _);
            if (viewer.ResourceId is { } resource)
            {
                _byResource.TryRemove(resource, out _);
            }

            viewer.MarkEndReported();
        }

        await viewer.Session.DisposeAsync().ConfigureAwait(false);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3950, Level = LogLevel.Error, Message = "Reporting the end of viewer session {SessionId} failed")]
        public static partial void ObserverFailed(ILogger logger, string sessionId, Exception exception);
    }
}
