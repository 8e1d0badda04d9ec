using Microsoft.Extensions.Options;
using SecureStream.Policy.Secrets;
using StackExchange.Redis;

namespace SecureStream.Media.Cameras;

/// <summary>Checks the <c>OriginMapStore</c> section when it is enabled; every problem at once.</summary>
internal sealed class RedisOriginMapOptionsValidator : IValidateOptions<RedisOriginMapOptions>
{
    public const int MaxKeyPrefixLength = 128;

    public ValidateOptionsResult Validate(string? name, RedisOriginMapOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var errors = new List<string>();
        if (options.Endpoints.Count == 0)
        {
            errors.Add("OriginMapStore:Endpoints: empty; list the Redis server(s) as host:port or !/path/to/redis.sock (a Unix socket), or set OriginMapStore:Enabled=false");
        }

        for (var i = 0; i < options.Endpoints.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(options.Endpoints[i]) || options.Endpoints[i].Any(c => c is <= ' ' or > '~') || EndPointCollection.TryParse(options.Endpoints[i]) is null)
            {
                errors.Add($"OriginMapStore:Endpoints:{i}: '{options.Endpoints[i]}' is neither host:port nor !/path/to/redis.sock (a Unix socket)");
            }
        }

        if (options.Password is not null && !SecretReference.TryResolve(options.Password, out _, out var error))
        {
            errors.Add($"OriginMapStore:Password: {error}");
        }

        if (options.User is not null && (options.User.Length == 0 || options.User.Any(c => c is <= ' ' or > '~')))
        {
            errors.Add("OriginMapStore:User: use printable ASCII without spaces, or leave it unset for the default user");
        }

        if (options.User is not null && options.Password is null)
        {
            errors.Add("OriginMapStore:Password: an ACL user needs a password; set it as env:NAME or file:/path");
        }

        if (options.KeyPrefix.Length > MaxKeyPrefixLength || options.KeyPrefix.Any(c => c is <= ' ' or > '~'))
        {
            errors.Add($"OriginMapStore:KeyPrefix: use at most {MaxKeyPrefixLength} printable ASCII characters without spaces");
        }

        if (options.Database is < 0 or > 1023)
        {
            errors.Add($"OriginMapStore:Database: {options.Database} is out of range; set it between 0 and 1023");
        }

        if (options.ConnectTimeoutMs is < 100 or > 30_000)
        {
            errors.Add($"OriginMapStore:ConnectTimeoutMs: {options.ConnectTimeoutMs} is out of range; set it between 100 and 30000 ms");
        }

        if (options.LookupTimeoutMs is < 50 or > 10_000)
        {
            errors.Add($"OriginMapStore:LookupTimeoutMs: {options.LookupTimeoutMs} is out of range; set it between 50 and 10000 ms");
        }

        if (options.TlsHost is not null && !options.Tls)
        {
            errors.Add("OriginMapStore:TlsHost: set only with OriginMapStore:Tls=true");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
