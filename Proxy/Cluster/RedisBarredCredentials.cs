using SecureStream.Proxy.Sessions;
using StackExchange.Redis;

namespace SecureStream.Proxy.Cluster;

/// <summary>
/// Kicked credentials in Redis: one key per barred credential id (<c>{prefix}kicked:{id}</c>) that
/// expires when the credential does (a day when it names no expiry), so a credential kicked
/// through one front door is refused by all of them, and the table cleans itself.
/// </summary>
internal sealed class RedisBarredCredentials(SharedState shared, TimeProvider time) : IBarredCredentials
{
    public async ValueTask BarAsync(string? credentialId, DateTimeOffset? expires, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(credentialId))
        {
            return;
        }

        var now = time.GetUtcNow();
        var until = expires ?? now + KickedCredentials.WithoutExpiry;
        if (until <= now)
        {
            // Already expired: the credential check refuses it anyway.
            return;
        }

        await shared.RunAsync(database => database.StringSetAsync(Key(credentialId), 1, until - now), "kick bar", cancellationToken);
    }

    public async ValueTask<bool> IsBarredAsync(string? credentialId, CancellationToken cancellationToken) =>
        !string.IsNullOrEmpty(credentialId)
        && await shared.RunAsync(database => database.KeyExistsAsync(Key(credentialId)), "kick check", cancellationToken);

    private RedisKey Key(string credentialId) => shared.Key("kicked:" + credentialId);
}
