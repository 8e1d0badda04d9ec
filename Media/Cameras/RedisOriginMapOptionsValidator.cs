using Microsoft.Extensions.Options;
using SecureStream.Policy.Redis;

namespace SecureStream.Media.Cameras;

/// <summary>Checks the <c>OriginMapStore</c> section when it is enabled; every problem at once.</summary>
internal sealed class RedisOriginMapOptionsValidator : IValidateOptions<RedisOriginMapOptions>
{
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

        RedisConnectionOptionsCheck.Check(options, RedisOriginMapOptions.SectionName, errors);
        if (options.LookupTimeoutMs is < 50 or > 10_000)
        {
            errors.Add($"OriginMapStore:LookupTimeoutMs: {options.LookupTimeoutMs} is out of range; set it between 50 and 10000 ms");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
