using Microsoft.Extensions.Options;
using SecureStream.Policy.Secrets;

namespace SecureStream.Policy.Audit;

/// <summary>Checks the <c>Audit</c> section at start and reports every problem at once, each naming the key and the fix.</summary>
internal sealed class AuditOptionsValidator : IValidateOptions<AuditOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, AuditOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        var path = options.JournalPath;
        if (string.IsNullOrWhiteSpace(path))
        {
            problems.Add("Audit:JournalPath is empty; set it to a file path such as data/audit/audit.jsonl.");
        }
        else if (path.AsSpan().IndexOfAny(Path.GetInvalidPathChars()) >= 0 || path.Contains('\0', StringComparison.Ordinal))
        {
            problems.Add("Audit:JournalPath contains characters not allowed in a path; use a plain file path.");
        }
        else if (path.EndsWith('/') || path.EndsWith('\\') || Directory.Exists(path))
        {
            problems.Add("Audit:JournalPath names a directory; name a file inside it, e.g. " + Path.Combine(path, "audit.jsonl") + ".");
        }

        var seq = options.Seq ?? new AuditSeqOptions();
        if (!string.IsNullOrEmpty(seq.Url))
        {
            if (!Uri.TryCreate(seq.Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                problems.Add("Audit:Seq:Url is not an absolute http or https URL; set it like http://seq:5341 or remove it.");
            }
            else if (!string.IsNullOrEmpty(uri.UserInfo))
            {
                // Credentials in the URL would end up in configuration dumps; the key has its own setting.
                problems.Add("Audit:Seq:Url contains user information; remove it and put the API key in Audit:Seq:ApiKey as env:NAME or file:/path.");
            }
        }

        if (!string.IsNullOrEmpty(seq.ApiKey))
        {
            if (!seq.ApiKey.StartsWith("env:", StringComparison.Ordinal) && !seq.ApiKey.StartsWith("file:", StringComparison.Ordinal))
            {
                // Never echo the value: it may be the key itself pasted in by mistake.
                problems.Add("Audit:Seq:ApiKey must be a secret reference (env:NAME or file:/path), not the key itself.");
            }

            if (string.IsNullOrEmpty(seq.Url))
            {
                problems.Add("Audit:Seq:ApiKey is set but Audit:Seq:Url is not; set the URL or remove the key.");
            }
        }

        ValidateLifecycle(options, problems);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static void ValidateLifecycle(AuditOptions options, List<string> problems)
    {
        if (options.RotateBytes < AuditLimits.MaxLineBytes || options.RotateBytes > 4L * 1024 * 1024 * 1024)
        {
            problems.Add("Audit:RotateBytes must be between 65536 (one line must fit) and 4294967296; the default is 67108864 (64 MiB).");
        }

        if (options.RotateInterval != TimeSpan.Zero && options.RotateInterval < TimeSpan.FromMinutes(1))
        {
            problems.Add("Audit:RotateInterval must be 0 (off) or at least 00:01:00; the default is 1.00:00:00 (one day).");
        }

        var retention = options.Retention ?? new AuditRetentionOptions();
        if (retention.MaxFiles < 0)
        {
            problems.Add("Audit:Retention:MaxFiles must be 0 (off) or positive.");
        }

        if (retention.MaxAge < TimeSpan.Zero)
        {
            problems.Add("Audit:Retention:MaxAge must be 0 (off) or positive, e.g. 90.00:00:00.");
        }

        if (retention.MaxTotalBytes != 0 && retention.MaxTotalBytes < 2 * options.RotateBytes)
        {
            problems.Add("Audit:Retention:MaxTotalBytes must be 0 (off) or at least twice Audit:RotateBytes, so the active file and one rotated file fit.");
        }

        if (options.CheckpointInterval < TimeSpan.FromSeconds(1) || options.CheckpointInterval > TimeSpan.FromHours(1))
        {
            problems.Add("Audit:CheckpointInterval must be between 00:00:01 and 01:00:00; the default is 00:01:00.");
        }

        if (options.DiskMinFreeBytes < 0 || options.DiskWarnFreeBytes < options.DiskMinFreeBytes)
        {
            problems.Add("Audit:DiskWarnFreeBytes must be at least Audit:DiskMinFreeBytes, and both 0 or more.");
        }

        if (string.IsNullOrEmpty(options.CheckpointKey))
        {
            problems.Add("Audit:CheckpointKey is not set; set it to a secret reference (env:NAME or file:/path) holding at least 16 random bytes, not the link key.");
        }
        else if (!SecretReference.TryResolve(options.CheckpointKey, out var key, out var error))
        {
            // The error names the variable or file, never the value.
            problems.Add("Audit:CheckpointKey " + error + ".");
        }
        else if (key!.Length < AuditCheckpointKey.MinimumLength)
        {
            problems.Add("Audit:CheckpointKey is shorter than 16 bytes; use 32 random bytes.");
        }
    }
}
