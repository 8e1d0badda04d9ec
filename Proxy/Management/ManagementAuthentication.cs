using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using SecureStream.Policy.Secrets;

namespace SecureStream.Proxy.Management;

/// <summary>
/// OME-compatible Basic authentication: <c>Authorization: Basic base64(token)</c>, where the token
/// is <c>Management:AccessToken</c> (the administrator <c>management</c>) or one of
/// <c>Management:Administrators</c>, compared in constant time against every configured token so
/// the time taken does not tell which one nearly matched. The scrape token
/// (<c>Management:MetricsToken</c>, sent as <c>Bearer</c>) opens <c>/metrics</c> only.
/// Anything else is 401 with a <c>WWW-Authenticate</c> challenge.
/// </summary>
internal sealed class ManagementAuthentication
{
    /// <summary>Where the management pipeline keeps the authenticated administrator's name for the handlers.</summary>
    private static readonly object AdministratorKey = new();

    private readonly (string Name, byte[] Token)[] _administrators;
    private readonly byte[]? _metricsToken;
    private readonly string _realm;

    public ManagementAuthentication(IOptions<ManagementOptions> options)
    {
        var settings = options.Value;
        _realm = settings.Realm;
        var administrators = new List<(string, byte[])>();
        if (Resolve(settings.AccessToken) is { } accessToken)
        {
            administrators.Add((ManagementOptions.AccessTokenAdministrator, accessToken));
        }

        foreach (var administrator in settings.Administrators)
        {
            if (Resolve(administrator.AccessToken) is { } token)
            {
                administrators.Add((administrator.Name, token));
            }
        }

        _administrators = [.. administrators];

        // A scrape token equal to an administrator's would make that administrator's token a
        // scrape token too (and the reverse): such a token opens /metrics as the administrator only.
        _metricsToken = Resolve(settings.MetricsToken) is { } metricsToken
            && !_administrators.Any(administrator => administrator.Token.AsSpan().SequenceEqual(metricsToken))
            ? metricsToken
            : null;
    }

    /// <summary>Whether any administrator can log in at all (else every management call is refused).</summary>
    public bool HasAdministrators => _administrators.Length > 0;

    /// <summary>The administrator whose token the request carries, or null.</summary>
    public string? AdministratorOf(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string prefix = "Basic ";
        if (!header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) || header.Length > 4096)
        {
            return null;
        }

        Span<byte> decoded = stackalloc byte[3072];
        if (!Convert.TryFromBase64String(header[prefix.Length..].Trim(), decoded, out var length))
        {
            return null;
        }

        string? match = null;
        foreach (var (name, token) in _administrators)
        {
            // No early exit: every token is compared whichever matches.
            if (CryptographicOperations.FixedTimeEquals(decoded[..length], token))
            {
                match = name;
            }
        }

        return match;
    }

    /// <summary>Whether the request carries the scrape token as <c>Authorization: Bearer</c>.</summary>
    public bool CarriesMetricsToken(HttpRequest request)
    {
        if (_metricsToken is null)
        {
            return false;
        }

        var header = request.Headers.Authorization.ToString();
        const string prefix = "Bearer ";
        if (!header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) || header.Length > 1024)
        {
            return false;
        }

        Span<byte> presented = stackalloc byte[3072];
        var length = Encoding.UTF8.GetBytes(header.AsSpan(prefix.Length).Trim(), presented);
        return CryptographicOperations.FixedTimeEquals(presented[..length], _metricsToken);
    }

    /// <summary>Records the authenticated administrator for the handlers (<see cref="AdministratorName"/>).</summary>
    public static void SetAdministrator(HttpContext context, string name) => context.Items[AdministratorKey] = name;

    /// <summary>
    /// The administrator the management pipeline authenticated for this request; what audit
    /// records of their actions name. Only called by handlers behind that pipeline.
    /// </summary>
    public static string AdministratorName(HttpContext context) =>
        context.Items[AdministratorKey] as string
        ?? throw new InvalidOperationException("The management pipeline did not authenticate this request.");

    public void Challenge(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status401Unauthorized;
        response.Headers.WWWAuthenticate = $"Basic realm=\"{_realm}\"";
    }

    internal static string HeaderFor(string token) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(token));

    /// <summary>
    /// The token, or null when it does not resolve or is shorter than <see cref="MinimumTokenLength"/>:
    /// the front door refuses to start with either (<see cref="ManagementOptionsValidator"/>), the
    /// standalone origin starts and such a token opens nothing.
    /// </summary>
    private static byte[]? Resolve(string? reference) =>
        !string.IsNullOrEmpty(reference) && SecretReference.TryResolve(reference, out var token, out _) && token!.Length >= MinimumTokenLength
            ? token.Span.ToArray()
            : null;

    /// <summary>The shortest token accepted: shorter ones are guessable.</summary>
    public const int MinimumTokenLength = 16;
}
