using System.Globalization;
using SecureStream.Media.Transcoding;
using SecureStream.Policy.Audit;

namespace SecureStream.Proxy.Transcoding;

/// <summary>
/// Writes one <c>transcoder.restarted</c> audit record per restart of a transcoder's ffmpeg. The
/// write is not awaited: the transcoder's loop must not wait for the journal, and a restart grants
/// nobody access, so a failed write (logged by the writer) changes nothing. Restarts are bounded by
/// the transcoders' backoff (at least 0.5 s apart each, and a bounded number of transcoders), so
/// this cannot flood the journal.
/// </summary>
internal sealed class TranscoderRestartAudit(IAuditWriter audit, TimeProvider time) : ITranscoderEvents
{
    public void Restarted(TranscoderRestart restart)
    {
        ArgumentNullException.ThrowIfNull(restart);
        _ = audit.WriteAsync(
            new TranscoderRestartedRecord
            {
                Time = time.GetUtcNow(),
                App = restart.Camera.App,
                Camera = restart.Camera.Stream,
                Track = restart.SourceTrackId,
                Conversion = (restart.From + "->" + restart.To).ToLower(CultureInfo.InvariantCulture),
                Reason = restart.Reason,
                ExitCode = restart.ExitCode,
                Restarts = restart.Restarts,
                BackoffMs = (long)restart.Backoff.TotalMilliseconds,
            },
            CancellationToken.None).AsTask();
    }
}
