using Microsoft.Extensions.Options;
using SecureStream.Policy.Access;

namespace SecureStream.Media.Cameras;

/// <summary>
/// Checks the whole <c>OriginMap</c> section and reports every problem at once, each naming its
/// key and the fix. Never repeats a URL (it may hold a password).
/// </summary>
internal sealed class OriginMapOptionsValidator : IValidateOptions<OriginMapOptions>
{
    /// <summary>Most URLs (failover targets) per camera.</summary>
    public const int MaxUrls = CameraRegistration.MaxUrls;

    public ValidateOptionsResult Validate(string? name, OriginMapOptions options)
    {
        var errors = new List<string>();
        Build(options, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Validates and builds the origins; the list is complete only when <paramref name="errors"/> stays empty.</summary>
    internal static List<StaticOrigin> Build(OriginMapOptions options, List<string> errors)
    {
        errors.AddRange(CameraProperties.Check("OriginMap:", options.NoInputFailoverTimeoutMs, options.UnusedStreamDeletionTimeoutMs));
        var origins = new List<StaticOrigin>();
        var locations = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Origins.Count; i++)
        {
            var origin = options.Origins[i];
            var key = $"OriginMap:Origins:{i}:";
            var segments = ParseLocation(origin.Location);
            if (segments is null)
            {
                errors.Add($"{key}Location: '{origin.Location}' is not /app or /app/stream; use names of letters, digits, '-', '_' and '.'");
            }
            else if (!locations.Add(string.Join('/', segments)))
            {
                errors.Add($"{key}Location: '{origin.Location}' is listed twice; keep one entry per Location");
            }

            var scheme = origin.Scheme?.ToLowerInvariant();
            if (scheme is not ("rtsp" or "rtsps"))
            {
                errors.Add($"{key}Scheme: '{origin.Scheme}' is not supported; use rtsp or rtsps");
            }

            if (origin.Urls.Count is 0 or > MaxUrls)
            {
                errors.Add($"{key}Urls: list 1 to {MaxUrls} camera addresses (host[:port]/path)");
            }

            if (origin.SubstreamUrls.Count > MaxUrls)
            {
                errors.Add($"{key}SubstreamUrls: list at most {MaxUrls} substream addresses (host[:port]/path), or none");
            }

            var credentials = ReadCredentials(origin, key, errors);
            var urls = ParseUrls(origin.Urls, scheme, credentials, key + "Urls", errors);
            var substreamUrls = ParseUrls(origin.SubstreamUrls, scheme, credentials, key + "SubstreamUrls", errors);

            errors.AddRange(CameraProperties.Check(key + "Properties:", origin.Properties?.NoInputFailoverTimeoutMs, origin.Properties?.UnusedStreamDeletionTimeoutMs));
            if (segments is not null)
            {
                var properties = new CameraProperties(
                    origin.Properties?.NoInputFailoverTimeoutMs ?? options.NoInputFailoverTimeoutMs,
                    origin.Properties?.UnusedStreamDeletionTimeoutMs ?? options.UnusedStreamDeletionTimeoutMs,
                    origin.ForwardQueryParams,
                    IgnoreRtcpSRTimestamp: false,
                    RetryCount: CameraProperties.Default.RetryCount);
                origins.Add(new StaticOrigin(segments, urls, properties) { SubstreamUrls = substreamUrls });
            }
        }

        return origins;
    }

    /// <summary>Scheme-less URLs of one list (<c>Urls</c> or <c>SubstreamUrls</c>) made full, with the origin's credentials.</summary>
    private static List<CameraUrl> ParseUrls(List<string> texts, string? scheme, CameraCredentials? credentials, string key, List<string> errors)
    {
        var urls = new List<CameraUrl>();
        for (var u = 0; u < texts.Count; u++)
        {
            var text = texts[u];
            if (text?.Contains("://", StringComparison.Ordinal) == true)
            {
                errors.Add($"{key}:{u}: has a scheme; write host[:port]/path and put the scheme in {key[..key.LastIndexOf(':')]}:Scheme");
            }
            else if (scheme is "rtsp" or "rtsps")
            {
                if (CameraUrl.TryParse(scheme + "://" + text, out var url, out var error))
                {
                    urls.Add(credentials is null ? url! : url!.WithCredentials(credentials));
                }
                else
                {
                    errors.Add($"{key}:{u}: {error}");
                }
            }
        }

        return urls;
    }

    /// <summary>User and password (a secret reference) for an origin's URLs; null when not configured.</summary>
    private static CameraCredentials? ReadCredentials(OriginMapOriginOptions origin, string key, List<string> errors)
    {
        if (origin.User is null && origin.Password is null)
        {
            return null;
        }

        if (string.IsNullOrEmpty(origin.User) || origin.User.Contains(':', StringComparison.Ordinal))
        {
            errors.Add($"{key}User: give the camera user name (without ':') together with {key}Password");
            return null;
        }

        if (!Policy.Secrets.SecretReference.TryResolve(origin.Password, out var password, out var error))
        {
            errors.Add($"{key}Password: {error}");
            return null;
        }

        var text = System.Text.Encoding.UTF8.GetString(password!.Span);
        return new CameraCredentials(Uri.EscapeDataString(origin.User) + ":" + Uri.EscapeDataString(text));
    }

    /// <summary><c>/app</c> or <c>/app/stream</c> (a trailing <c>/</c> tolerated) → its segments; null otherwise.</summary>
    private static string[]? ParseLocation(string? location)
    {
        if (location is null || location.Length < 2 || location[0] != '/')
        {
            return null;
        }

        var trimmed = location.EndsWith('/') ? location[1..^1] : location[1..];
        var segments = trimmed.Split('/');
        return segments.Length is 1 or 2 && segments.All(s => CameraPath.IsSafeName(s)) ? segments : null;
    }
}
