namespace SecureStream.Proxy.Sessions;

/// <summary>
/// Credentials barred by a kick, until they expire: <see cref="KickedCredentials"/> in one process;
/// in cluster mode a Redis-backed table, so a credential barred through one front door is refused
/// by every front door (docs/cluster.md). A shared table that cannot answer throws
/// <see cref="Policy.Redis.SharedStateUnavailableException"/>.
/// </summary>
internal interface IBarredCredentials
{
    /// <summary>Bars <paramref name="credentialId"/> until <paramref name="expires"/> (a day when null); an empty id is ignored.</summary>
    ValueTask BarAsync(string? credentialId, DateTimeOffset? expires, CancellationToken cancellationToken);

    /// <summary>True while <paramref name="credentialId"/> is barred.</summary>
    ValueTask<bool> IsBarredAsync(string? credentialId, CancellationToken cancellationToken);
}
