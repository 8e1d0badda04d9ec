using Microsoft.Extensions.Options;
using SecureStream.Policy.Secrets;

namespace SecureStream.Proxy.Management;

/// <summary>
/// Every token, when named, must resolve and be long enough to resist guessing; administrators'
/// names are short and plain (they appear in audit records) and unique, and no two tokens are the
/// same (a token names exactly one administrator, and the scrape token names none).
/// </summary>
internal sealed class ManagementOptionsValidator : IValidateOptions<ManagementOptions>
{
    public ValidateOptionsResult Validate(string? name, ManagementOptions options)
    {
        var errors = new List<string>();
        var tokens = new List<(string Setting, byte[] Value)>();
        Check("Management:AccessToken", options.AccessToken);
        Check("Management:MetricsToken", options.MetricsToken);
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ManagementOptions.AccessTokenAdministrator };
        for (var i = 0; i < options.Administrators.Count; i++)
        {
            var administrator = options.Administrators[i];
            var setting = $"Management:Administrators:{i}";
            if (!IsPlainName(administrator.Name))
            {
                errors.Add($"{setting}:Name: 1-64 of A-Z a-z 0-9 . _ @ -");
            }
            else if (!names.Add(administrator.Name))
            {
                errors.Add($"{setting}:Name: '{administrator.Name}' is taken (names are unique, and '{ManagementOptions.AccessTokenAdministrator}' is Management:AccessToken's)");
            }

            if (string.IsNullOrEmpty(administrator.AccessToken))
            {
                errors.Add($"{setting}:AccessToken: required");
            }
            else
            {
                Check($"{setting}:AccessToken", administrator.AccessToken);
            }
        }

        for (var i = 0; i < tokens.Count; i++)
        {
            for (var j = i + 1; j < tokens.Count; j++)
            {
                if (tokens[i].Value.AsSpan().SequenceEqual(tokens[j].Value))
                {
                    errors.Add($"{tokens[j].Setting}: the same token as {tokens[i].Setting}; give each its own");
                }
            }
        }

        if (!string.IsNullOrEmpty(options.ViewerBaseUrl) &&
            (!Uri.TryCreate(options.ViewerBaseUrl, UriKind.Absolute, out var viewerBase) || viewerBase.Scheme is not ("http" or "https")
             || viewerBase.PathAndQuery != "/" || !string.IsNullOrEmpty(viewerBase.UserInfo) || !string.IsNullOrEmpty(viewerBase.Fragment)))
        {
            errors.Add("Management:ViewerBaseUrl: must be http(s)://host[:port] with nothing after it, as viewers reach the gateway (e.g. https://cams.example.com:3334)");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);

        void Check(string setting, string? reference)
        {
            if (string.IsNullOrEmpty(reference))
            {
                return;
            }

            if (!SecretReference.TryResolve(reference, out var token, out var error))
            {
                errors.Add($"{setting}: {error}");
            }
            else if (token!.Length < ManagementAuthentication.MinimumTokenLength)
            {
                errors.Add($"{setting}: shorter than 16 bytes; use a long random token");
            }
            else
            {
                tokens.Add((setting, token.Span.ToArray()));
            }
        }
    }

    internal static bool IsPlainName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= 64
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '@' or '-');
}
