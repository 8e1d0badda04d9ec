using Microsoft.Extensions.Logging;
using SecureStream.Policy.Admission;
using SecureStream.Policy.Audit;
using SecureStream.Policy.PolicyFile;
using SecureStream.Policy.Sessions;

namespace SecureStream.Proxy.Sessions;

/// <summary>
/// A session's one ending: the <c>closing</c> webhook (queued, so it never blocks anyone) when the
/// webhook admitted it, and the <c>session.end</c> audit record with duration, bytes and reason.
/// </summary>
internal sealed partial class SessionCloser(
    PolicyStore policy,
    AdmissionClosingQueue closings,
    IAuditWriter audit,
    TimeProvider time,
    ILogger<SessionCloser> logger) : ISessionCloser
{
    private readonly HashSet<Task> _pending = [];

    public void Close(AdmittedSession session, SessionEndReason reason)
    {
        var now = time.GetUtcNow();
        var duration = (long)(now - session.StartedAt).TotalMilliseconds;
        if (session.WebhookAdmitted && policy.Current.Admission is { } endpoint)
        {
            var closing = new ClosingRequest(
                session.ClientIp,
                session.ClientPort,
                session.RealIp,
                session.UserAgent,
                session.Url,
                session.NewUrl,
                now,
                session.Id,
                duration,
                session.BytesSent);
            if (!closings.Enqueue(endpoint, closing))
            {
                Log.ClosingDropped(logger, session.Id);
            }
        }

        var record = new SessionEndedRecord
        {
            Time = now,
            TraceId = session.TraceId,
            ClientTraceId = session.ClientTraceId,
            SessionId = session.Id,
            EndReason = reason.ToCode(),
            Operator = session.OperatorKey,
            App = session.Camera.App,
            Camera = session.Camera.Stream,
            ClientIp = System.Net.IPAddress.TryParse(session.ClientIp, out var ip) ? ip : null,
            Protocol = session.Protocol,
            DurationMs = duration,
            BytesSent = session.BytesSent,
        };
        Track(WriteAsync(record));
    }

    /// <summary>Waits for the audit records still being written (shutdown and tests).</summary>
    public Task FlushAsync()
    {
        lock (_pending)
        {
            return Task.WhenAll(_pending.ToArray());
        }
    }

    private async Task WriteAsync(SessionEndedRecord record)
    {
        if (!await audit.WriteAsync(record, CancellationToken.None))
        {
            Log.SessionEndNotAudited(logger, record.SessionId);
        }
    }

    private void Track(Task task)
    {
        lock (_pending)
        {
            _pending.Add(task);
        }

        task.ContinueWith(
            done =>
            {
                lock (_pending)
                {
                    _pending.Remove(done);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1200, Level = LogLevel.Warning, Message = "Closing webhook for session {SessionId} was dropped: the closing queue is full")]
        public static partial void ClosingDropped(ILogger logger, string sessionId);

        [LoggerMessage(EventId = 1201, Level = LogLevel.Error, Message = "The session.end record for session {SessionId} could not be written to the audit journal")]
        public static partial void SessionEndNotAudited(ILogger logger, string sessionId);
    }
}
