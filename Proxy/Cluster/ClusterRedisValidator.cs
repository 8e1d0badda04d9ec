using Microsoft.Extensions.Options;
using SecureStream.Policy.Redis;

namespace SecureStream.Proxy.Cluster;

/// <summary>
/// Checks <c>Cluster:Redis</c> at start-up when cluster mode is on, every problem at once; the node
/// id's own shape is <see cref="ClusterNodeIdValidator"/>'s. With Redis on the id must be set
/// explicitly: a host-name default could give two front doors on one machine the same id, and a
/// node id is the first part of every session lease it holds.
/// </summary>
internal sealed class ClusterRedisValidator : IValidateOptions<ClusterOptions>
{
    public const string RedisSection = ClusterOptions.SectionName + ":Redis";

    public ValidateOptionsResult Validate(string? name, ClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var errors = new List<string>();
        if (options.NodeId.Length == 0)
        {
            errors.Add("Cluster:NodeId: required with Cluster:Redis:Endpoints set; give every node its own id (a-z 0-9 -, at most 32)");
        }

        RedisConnectionOptionsCheck.Check(options.Redis, RedisSection, errors);
        if (options.Redis.OperationTimeoutMs is < 20 or > 5000)
        {
            errors.Add($"{RedisSection}:OperationTimeoutMs: {options.Redis.OperationTimeoutMs} is out of range; set it between 20 and 5000 ms");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
