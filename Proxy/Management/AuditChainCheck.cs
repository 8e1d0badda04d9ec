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
    /// <summary>A busy journal grows with every decision: its verdict is refreshed at most this often.</summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private (AuditChainView View, long Size)? _last;

    public async Task<AuditChainView> CurrentAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            var size = JournalSize(journal.Path);
            if (_last is { } last && (last.Size == size || now - last.View.VerifiedAt < MinimumInterval))
            {
                return last.View;
            }

            // Reads every file once with a fixed buffer; off the request thread's synchronous I/O.
            var report = await Task.Run(() => AuditJournalVerifier.Verify(journal.Path, journal.CheckpointKey), cancellationToken);
            var view = new AuditChainView(report.IsIntact, report.RecordCount, report.Unreadable ?? (report.Problems.Count > 0 ? report.Problems[0] : null), now);
            _last = (view, size);
            return view;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>The journal's files' total size (rotated and active): unchanged size, unchanged journal (it only appends and rotates).</summary>
    private static long JournalSize(string activePath)
    {
        var size = AuditJournalFiles.ListRotated(activePath).Sum(file => file.Length);
        var active = new FileInfo(activePath);
        return size + (active.Exists ? active.Length : 0);
    }
}
