using Microsoft.Extensions.Options;
using SecureStream.Proxy.Lockout;

namespace SecureStream.Proxy.Gate;

/// <summary>Checks the gate limits at start; reports every problem at once.</summary>
internal sealed class GateOptionsValidator : IValidateOptions<GateOptions>
{
    public ValidateOptionsResult Validate(string? name, GateOptions options)
    {
        var errors = new List<string>();
        if (options.MaxTargetLength is < 256 or > 65536)
        {
            errors.Add($"Gate:MaxTargetLength: {options.MaxTargetLength} is out of range; use 256-65536");
        }

        if (options.MaxParameters is < 4 or > 1024)
        {
            errors.Add($"Gate:MaxParameters: {options.MaxParameters} is out of range; use 4-1024");
        }

        if (options.MaxOfferBytes is < 1024 or > 1024 * 1024)
        {
            errors.Add($"Gate:MaxOfferBytes: {options.MaxOfferBytes} is out of range; use 1024-1048576");
        }

        if (options.RequestsPerSecond is < 0 or > 100000)
        {
            errors.Add($"Gate:RequestsPerSecond: {options.RequestsPerSecond} is out of range; use 0 (off) to 100000");
        }

        if (options.RequestsPerSecond > 0 && options.Burst < 1)
        {
            errors.Add($"Gate:Burst: {options.Burst} must be at least 1 when Gate:RequestsPerSecond is set");
        }

        if (options.RefusalSummarySeconds is < 0 or > 3600)
        {
            errors.Add($"Gate:RefusalSummarySeconds: {options.RefusalSummarySeconds} is out of range; use 0 (write every refusal) to 3600");
        }

        if (options.MaxRefusalKeys is < 16 or > 1_000_000)
        {
            errors.Add($"Gate:MaxRefusalKeys: {options.MaxRefusalKeys} is out of range; use 16-1000000");
        }

        if (options.MaxPendingPerSource is < 0 or > 10_000)
        {
            errors.Add($"Gate:MaxPendingPerSource: {options.MaxPendingPerSource} is out of range; use 0 (off) to 10000");
        }

        if (options.MaxSnapshotsPerSource is < 0 or > 1_000)
        {
            errors.Add($"Gate:MaxSnapshotsPerSource: {options.MaxSnapshotsPerSource} is out of range; use 0 (snapshots share the session pool) to 1000");
        }

        if (options.MaxSnapshotsPerSource > 0 && (options.MaxSnapshots < options.MaxSnapshotsPerSource || options.MaxSnapshots > 10_000))
        {
            errors.Add($"Gate:MaxSnapshots: {options.MaxSnapshots} must be between Gate:MaxSnapshotsPerSource ({options.MaxSnapshotsPerSource}) and 10000");
        }

        if (options.MaxPendingPerSource > 0 && (options.MaxPending < options.MaxPendingPerSource || options.MaxPending > 100_000))
        {
            errors.Add($"Gate:MaxPending: {options.MaxPending} must be between Gate:MaxPendingPerSource ({options.MaxPendingPerSource}) and 100000");
        }

        ValidateLockout(options.Lockout, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateLockout(LockoutOptions lockout, List<string> errors)
    {
        if (!lockout.Enabled)
        {
            return;
        }

        if (lockout.Threshold is < 1 or > 100_000)
        {
            errors.Add($"Gate:Lockout:Threshold: {lockout.Threshold} is out of range; use 1-100000 (or set Gate:Lockout:Enabled to false)");
        }

        if (lockout.WindowSeconds is < 1 or > 86_400)
        {
            errors.Add($"Gate:Lockout:WindowSeconds: {lockout.WindowSeconds} is out of range; use 1-86400");
        }

        if (lockout.DurationSeconds is < 1 or > 604_800)
        {
            errors.Add($"Gate:Lockout:DurationSeconds: {lockout.DurationSeconds} is out of range; use 1-604800 (a week)");
        }

        if (lockout.MaxSources is < 16 or > 1_000_000)
        {
            errors.Add($"Gate:Lockout:MaxSources: {lockout.MaxSources} is out of range; use 16-1000000");
        }
    }
}
