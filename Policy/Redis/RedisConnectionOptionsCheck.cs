using SecureStream.Policy.Secrets;
using StackExchange.Redis;

namespace SecureStream.Policy.Redis;

/// <summary>
/// The start-up checks of a <see cref="RedisConnectionOptions"/>, for the validator of each section
/// that embeds one: every problem at once, each named <c>{section}:{setting}: why</c>.
/// </summary>
public static class RedisConnectionOptionsCheck
{
    public const int MaxKeyPrefixLength = 128;

    /// <summary>
    /// Adds one line to <paramref name="errors"/> per problem of <paramref name="options"/>, named
    /// under <paramref name="section"/> (e.g. <c>OriginMapStore</c>, <c>Cluster:Redis</c>). An empty
    /// endpoint list is the caller's to judge: for some sections it means "off".
    /// </summary>
    public static void Check(RedisConnectionOptions options, string section, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(errors);
        for (var i = 0; i < options.Endpoints.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(options.Endpoints[i]) || options.Endpoints[i].Any(c => c is <= ' ' or > '~') || EndPointCollection.TryParse(options.Endpoints[i]) is null)
            {
                errors.Add($"{section}:Endpoints:{i}: '{options.Endpoints[i]}' is neither host:port nor !/path/to/redis.sock (a Unix socket)");
            }
        }

        if (options.Password is not null && !SecretReference.TryResolve(options.Password, out _, out var error))
        {
            errors.Add($"{section}:Password: {error}");
        }

        if (options.User is not null && (options.User.Length == 0 || options.User.Any(c => c is <= ' ' or > '~')))
        {
            errors.Add($"{section}:User: use printable ASCII without spaces, or leave it unset for the default user");
        }

        if (options.User is not null && options.Password is null)
        {
            errors.Add($"{section}:Password: an ACL user needs a password; set it as env:NAME or file:/path");
        }

        if (options.KeyPrefix.Length > MaxKeyPrefixLength || options.KeyPrefix.Any(c => c is <= ' ' or > '~'))
        {
            errors.Add($"{section}:KeyPrefix: use at most {MaxKeyPrefixLength} printable ASCII characters without spaces");
        }

        if (options.Database is < 0 or > 1023)
        {
            errors.Add($"{section}:Database: {options.Database} is out of range; set it between 0 and 1023");
        }

        if (options.ConnectTimeoutMs is < 100 or > 30_000)
        {
            errors.Add($"{section}:ConnectTimeoutMs: {options.ConnectTimeoutMs} is out of range; set it between 100 and 30000 ms");
        }

        if (options.TlsHost is not null && !options.Tls)
        {
            errors.Add($"{section}:TlsHost: set only with {section}:Tls=true");
        }
    }
}
