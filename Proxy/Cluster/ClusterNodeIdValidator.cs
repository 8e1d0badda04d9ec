using Microsoft.Extensions.Options;

namespace SecureStream.Proxy.Cluster;

/// <summary>
/// The effective node id must be 1–32 of <c>a-z 0-9 -</c>: a configured <c>Cluster:NodeId</c> as
/// written (nothing is rewritten, so the id in the journal is the one configured), and a host name
/// that reduces to nothing usable asks for an explicit id.
/// </summary>
internal sealed class ClusterNodeIdValidator : IValidateOptions<ClusterOptions>
{
    private readonly string _hostName;

    /// <summary>Validates against this machine's host name.</summary>
    public ClusterNodeIdValidator()
        : this(Environment.MachineName)
    {
    }

    /// <summary>Validates against <paramref name="hostName"/> (tests).</summary>
    internal ClusterNodeIdValidator(string hostName) => _hostName = hostName;

    public ValidateOptionsResult Validate(string? name, ClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var identity = ClusterNodeIdentity.Resolve(options, _hostName);
        if (ClusterNodeIdentity.IsValid(identity.NodeId))
        {
            return ValidateOptionsResult.Success;
        }

        return ValidateOptionsResult.Fail(identity.FromHostName
            ? "Cluster:NodeId: empty, and the host name gives no usable node id (it has no a-z 0-9 -); set Cluster:NodeId to 1–32 of a-z 0-9 -"
            : "Cluster:NodeId: must be 1–32 of a-z 0-9 - (lowercase letters, digits, hyphen)");
    }
}
