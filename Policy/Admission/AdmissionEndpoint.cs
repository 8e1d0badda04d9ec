using SecureStream.Policy.Secrets;

namespace SecureStream.Policy.Admission;

/// <summary>
/// The validated, immutable form of <see cref="AdmissionSettings"/>: the receiver URL, the
/// resolved secret and the limits every call obeys. A policy reload builds a new instance; the
/// client keeps one circuit breaker per instance, so a reload also starts with a closed circuit.
/// </summary>
internal sealed class AdmissionEndpoint
{
    internal const int MinTimeoutMs = 100;
    internal const int MaxTimeoutMs = 30000;
    internal const int MinConnectTimeoutMs = 50;
    internal const int MinClosingTimeoutMs = 50;
    internal const int MaxClosingTimeoutMs = 10000;
    internal const int MinResponseBytes = 64;
    internal const int MaxResponseBytesLimit = 1024 * 1024;
    internal const int MaxFailureThreshold = 1000;
    internal const int MaxBreakSeconds = 3600;

    private AdmissionEndpoint(Uri url, SecretValue secret, AdmissionSettings settings)
    {
        Url = url;
        Secret = secret;
        Timeout = TimeSpan.FromMilliseconds(settings.TimeoutMs);
        ConnectTimeout = TimeSpan.FromMilliseconds(settings.ConnectTimeoutMs);
        ClosingTimeout = TimeSpan.FromMilliseconds(settings.ClosingTimeoutMs);
        MaxResponseBytes = settings.MaxResponseBytes;
        TimestampedSignature = settings.TimestampedSignature;
        FailureThreshold = settings.CircuitBreaker.FailureThreshold;
        BreakDuration = TimeSpan.FromSeconds(settings.CircuitBreaker.BreakSeconds);
        LogName = url.GetLeftPart(UriPartial.Authority);
    }

    /// <summary>The receiver. May carry a query, so it is never logged whole; use <see cref="LogName"/>.</summary>
    public Uri Url { get; }

    /// <summary>The HMAC key for both signature headers.</summary>
    public SecretValue Secret { get; }

    /// <summary>Total time of an opening call.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>Time to establish the connection (set on the handler, see <see cref="AdmissionClient.CreateHandler(AdmissionEndpoint)"/>).</summary>
    public TimeSpan ConnectTimeout { get; }

    /// <summary>Total time of a closing call.</summary>
    public TimeSpan ClosingTimeout { get; }

    /// <summary>Largest response body read.</summary>
    public int MaxResponseBytes { get; }

    /// <summary>Whether <c>X-SecureStream-Signature</c> is sent.</summary>
    public bool TimestampedSignature { get; }

    /// <summary>Consecutive failures that open the circuit.</summary>
    public int FailureThreshold { get; }

    /// <summary>How long the circuit stays open.</summary>
    public TimeSpan BreakDuration { get; }

    /// <summary><c>scheme://host:port</c> only: safe for logs (no path secrets, no query).</summary>
    public string LogName { get; }

    /// <summary>
    /// Validates the whole section and builds the endpoint. Every problem is appended to
    /// <paramref name="errors"/> as <c>"&lt;json path&gt;: &lt;what is wrong&gt;; &lt;the fix&gt;"</c>.
    /// Returns true with a null <paramref name="endpoint"/> when the webhook is disabled (the
    /// front door then skips admission); the URL and secret are only checked when enabled.
    /// </summary>
    public static bool TryCreate(AdmissionSettings? settings, string jsonPath, List<string> errors, out AdmissionEndpoint? endpoint)
    {
        ArgumentNullException.ThrowIfNull(errors);
        endpoint = null;
        settings ??= new AdmissionSettings();
        var before = errors.Count;

        CheckRange(settings.TimeoutMs, MinTimeoutMs, MaxTimeoutMs, jsonPath + ".timeoutMs", errors);
        CheckRange(settings.ConnectTimeoutMs, MinConnectTimeoutMs, MaxTimeoutMs, jsonPath + ".connectTimeoutMs", errors);
        CheckRange(settings.ClosingTimeoutMs, MinClosingTimeoutMs, MaxClosingTimeoutMs, jsonPath + ".closingTimeoutMs", errors);
        CheckRange(settings.MaxResponseBytes, MinResponseBytes, MaxResponseBytesLimit, jsonPath + ".maxResponseBytes", errors);
        if (settings.ConnectTimeoutMs > settings.TimeoutMs)
        {
            errors.Add($"{jsonPath}.connectTimeoutMs: is longer than timeoutMs, so it can never apply; set it at most {settings.TimeoutMs}");
        }

        var breaker = settings.CircuitBreaker;
        if (breaker is null)
        {
            errors.Add($"{jsonPath}.circuitBreaker: is null; remove it to use the defaults or give failureThreshold and breakSeconds");
        }
        else
        {
            CheckRange(breaker.FailureThreshold, 1, MaxFailureThreshold, jsonPath + ".circuitBreaker.failureThreshold", errors);
            CheckRange(breaker.BreakSeconds, 1, MaxBreakSeconds, jsonPath + ".circuitBreaker.breakSeconds", errors);
        }

        if (!settings.Enabled)
        {
            return errors.Count == before;
        }

        CheckUrl(settings.Url, jsonPath + ".url", errors);

        SecretValue? secret = null;
        if (!SecretReference.TryResolve(settings.Secret, out secret, out var secretError))
        {
            // SecretReference names the fix in most messages; make sure each one does.
            var fix = secretError.Contains(';', StringComparison.Ordinal) ? string.Empty : "; point it at the webhook secret with env:NAME or file:/path";
            errors.Add($"{jsonPath}.secret: {secretError}{fix}");
        }

        if (errors.Count != before || secret is null)
        {
            return false;
        }

        endpoint = new AdmissionEndpoint(settings.Url!, secret, settings);
        return true;
    }

    private static void CheckRange(int value, int min, int max, string path, List<string> errors)
    {
        if (value < min || value > max)
        {
            errors.Add($"{path}: {value} is out of range; set it between {min} and {max}");
        }
    }

    private static void CheckUrl(Uri? url, string path, List<string> errors)
    {
        const string Fix = "give an absolute http:// or https:// URL such as http://127.0.0.1:9000/admission";
        if (url is null)
        {
            errors.Add($"{path}: is missing; {Fix}");
            return;
        }

        if (!url.IsAbsoluteUri)
        {
            errors.Add($"{path}: is not an absolute URL; {Fix}");
            return;
        }

        if (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
        {
            errors.Add($"{path}: scheme {url.Scheme} is not supported; {Fix}");
        }

        if (url.UserInfo.Length > 0)
        {
            // Credentials in the URL would travel in clear in logs and Basic headers; the HMAC secret authenticates us.
            errors.Add($"{path}: carries user information; remove the user:password@ part, the signature authenticates the gateway");
        }

        if (url.OriginalString.Contains('#', StringComparison.Ordinal))
        {
            errors.Add($"{path}: carries a fragment; remove the #… part");
        }

        if (url.Host.Length == 0)
        {
            errors.Add($"{path}: has no host; {Fix}");
        }

        foreach (var c in url.OriginalString)
        {
            if (c <= ' ' || c >= '\u007f')
            {
                errors.Add($"{path}: contains a space, control or non-ASCII character; percent-encode it");
                break;
            }
        }
    }
}
