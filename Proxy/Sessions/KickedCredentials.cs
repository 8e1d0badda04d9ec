using System.Collections.Concurrent;

namespace SecureStream.Proxy.Sessions;

/// <summary>
/// Credentials whose session an administrator kicked. A kick must stick: a player that simply
/// reconnects with the same link or token would otherwise be admitted again at once. The
/// credential stays barred until it expires (a day when it names no expiry); a new link works.
/// </summary>
internal sealed class KickedCredentials(TimeProvider time) : IBarredCredentials
{
    /// <summary>How long a credential that names no expiry stays barred.</summary>
    public static readonly TimeSpan WithoutExpiry = TimeSpan.FromDays(1);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _barred = new(StringComparer.Ordinal);

    public int Count => _barred.Count;

    public void Bar(string? credentialId, DateTimeOffset? expires)
    {
        if (string.IsNullOrEmpty(credentialId))
        {
            return;
        }

        var now = time.GetUtcNow();
        _barred[credentialId] = expires ?? now + WithoutExpiry;
        foreach (var (id, until) in _barred)
        {
            if (until <= now)
            {
                _barred.TryRemove(id, out _);
            }
        }
    }

    public bool IsBarred(string? credentialId) =>
        !string.IsNullOrEmpty(credentialId) && _barred.TryGetValue(credentialId, out var until) && until > time.GetUtcNow();

    public ValueTask BarAsync(string? credentialId, DateTimeOffset? expires, CancellationToken cancellationToken)
    {
        Bar(credentialId, expires);
        return ValueTask.CompletedTask;
    }

    public ValueTask<bool> IsBarredAsync(string? credentialId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(IsBarred(credentialId));
}
