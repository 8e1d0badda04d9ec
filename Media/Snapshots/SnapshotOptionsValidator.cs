using Microsoft.Extensions.Options;

namespace SecureStream.Media.Snapshots;

/// <summary>Checks <see cref="SnapshotOptions"/> at start and reports every problem at once, each naming its key and the fix.</summary>
internal sealed class SnapshotOptionsValidator : IValidateOptions<SnapshotOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, SnapshotOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        Require(errors, nameof(options.KeyframeTimeoutMs), options.KeyframeTimeoutMs, 500, 60_000);
        Require(errors, nameof(options.DecodeTimeoutMs), options.DecodeTimeoutMs, 500, 30_000);
        Require(errors, nameof(options.MaxKeyframeBytes), options.MaxKeyframeBytes, 64 * 1024, 32 * 1024 * 1024);
        Require(errors, nameof(options.MaxJpegBytes), options.MaxJpegBytes, 64 * 1024, 16 * 1024 * 1024);
        Require(errors, nameof(options.MaxConcurrentDecodes), options.MaxConcurrentDecodes, 1, 16);
        Require(errors, nameof(options.MaxPendingDecodes), options.MaxPendingDecodes, options.MaxConcurrentDecodes, 256);
        Require(errors, nameof(options.MaxCachedSnapshots), options.MaxCachedSnapshots, 1, 4096);
        Require(errors, nameof(options.JpegQuality), options.JpegQuality, 2, 31);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Require(List<string> errors, string key, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            errors.Add($"{SnapshotOptions.SectionName}:{key} is {value}; set it between {min} and {max}.");
        }
    }
}
