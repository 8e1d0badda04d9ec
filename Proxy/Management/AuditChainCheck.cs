using SecureStream.Policy.Audit;

namespace SecureStream.Proxy.Management;

/// <summary>
/// Whether this front door's journal verifies, for the console's audit search: the verifier of
/// <c>verify-audit</c> (<see cref="AuditJournalVerifier"/>, the chain across files and the signed
/// checkpoints), run at most once per <see cref="MinimumInterval"/> and not again while the
/// journal's files have not changed size, so repeated searches do not re-hash the journal. One
/// verification runs at a time; others wait for it and share its verdict.
/// </summary>
internal sealed class AuditChainCheck(AuditJournal journal, TimeProvider time) : IDisposable
{
    /// <summary>
    /// A verdict is reused for at most this long, whether or not the journal grew: a search costs
    /// at most one pass over the journal per interval, and an edit of the files (even one that
    /// keeps their size) shows within it.
    /// </summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private AuditChainView? _last;

    public async Task<AuditChainView> CurrentAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            if (_last is { } last && now - last.VerifiedAt < MinimumInterval)
            {
                return last;
            }

            // Reads every file once with a fixed buffer; off the request thread's synchronous I/O.
            var report = await Task.Run(() => AuditJournalVerifier.Verify(journal.Path, journal.CheckpointKey), cancellationToken);
            var view = new AuditChainView(report.IsIntact, report.RecordCount, report.Unreadable ?? (report.Problems.Count > 0 ? report.Problems[0] : null), now);
            _last = view;
            return view;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
