using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using SecureStream.Policy.Secrets;

namespace SecureStream.Proxy.Management;

/// <summary>
/// OME-compatible Basic authentication: <c>Authorization: Basic base64(AccessToken)</c>, compared
/// in constant time; anything else is 401 with a <c>WWW-Authenticate</c> challenge.
/// </summary>
internal sealed class ManagementAuthentication
{
    private readonly byte[]? _expected;
    private readonly string _realm;

    public ManagementAuthentication(IOptions<ManagementOptions> options)
    {
        _realm = options.Value.Realm;
        if (!string.IsNullOrEmpty(options.Value.AccessToken) &&
            SecretReference.TryResolve(options.Value.AccessToken, out var token, out _))
        {
            _expected = token!.Span.ToArray();
        }
    }

    public bool IsAuthorized(HttpRequest request)
    {
        if (_expected is null)
        {
            return false;
        }

        var header = request.Headers.Authorization.ToString();
        const string prefix = "Basic ";
        if (!header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) || header.Length > 4096)
        {
            return false;
        }

        Span<byte> decoded = stackalloc byte[3072];
        if (!Convert.TryFromBase64String(header[prefix.Length..].Trim(), decoded, out var length))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(decoded[..length], _expected);
    }

    public void Challenge(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status401Unauthorized;
        response.Headers.WWWAuthenticate = $"Basic realm=\"{_realm}\"";
    }

    internal static string HeaderFor(string token) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(token));
}
