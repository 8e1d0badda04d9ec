using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using SecureStream.Policy.Redis;

namespace SecureStream.Proxy.Cluster;

/// <summary>Checks the <c>Cluster</c> section at start-up; every problem at once.</summary>
internal sealed partial class ClusterOptionsValidator : IValidateOptions<ClusterOptions>
{
    public const string RedisSection = ClusterOptions.SectionName + ":Redis";

    public ValidateOptionsResult Validate(string? name, ClusterOptions options)
    {
        var errors = new List<string>();
        if (options.NodeId.Length > 0 && !NodeIdPattern().IsMatch(options.NodeId))
        {
            errors.Add($"Cluster:NodeId: '{options.NodeId}' is not 1–32 of a-z 0-9 -");
        }

        if (options.Enabled)
        {
            if (options.NodeId.Length == 0)
            {
                errors.Add("Cluster:NodeId: required with Cluster:Redis:Endpoints set; give every node its own id (a-z 0-9 -, at most 32)");
            }

            RedisConnectionOptionsCheck.Check(options.Redis, RedisSection, errors);
            if (options.Redis.OperationTimeoutMs is < 20 or > 5000)
            {
                errors.Add($"{RedisSection}:OperationTimeoutMs: {options.Redis.OperationTimeoutMs} is out of range; set it between 20 and 5000 ms");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    [GeneratedRegex("^[a-z0-9-]{1,32}$", RegexOptions.CultureInvariant)]
    private static partial Regex NodeIdPattern();
}
