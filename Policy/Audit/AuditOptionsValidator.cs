using Microsoft.Extensions.Options;

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

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
