using SecureStream.Policy.Secrets;

namespace SecureStream.Media.Rtsp;

/// <summary>
/// A camera's user name and password. <see cref="ToString"/> redacts, so the password cannot reach
/// a log, an exception message or an API response by accident.
/// </summary>
internal sealed class RtspCredentials
{
    public RtspCredentials(string userName, SecretValue password)
    {
        UserName = userName;
        Password = password;
    }

    public string UserName { get; }

    public SecretValue Password { get; }

    /// <summary>
    /// The userinfo of a camera URL (<c>rtsp://user:pass@host/…</c>), percent-decoded; null when the
    /// URL carries none.
    /// </summary>
    public static RtspCredentials? FromUri(Uri url)
    {
        var userInfo = url.UserInfo;
        if (string.IsNullOrEmpty(userInfo))
        {
            return null;
        }

        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        var user = Uri.UnescapeDataString(colon < 0 ? userInfo : userInfo[..colon]);
        var password = colon < 0 ? string.Empty : Uri.UnescapeDataString(userInfo[(colon + 1)..]);
        return new RtspCredentials(user, SecretValue.FromText(password));
    }

    /// <summary>A user name from configuration and a password named by a secret reference (<c>env:</c> / <c>file:</c>).</summary>
    public static bool TryFromSecretReference(string userName, string reference, out RtspCredentials? credentials, out string error)
    {
        credentials = null;
        if (!SecretReference.TryResolve(reference, out var secret, out error))
        {
            return false;
        }

        credentials = new RtspCredentials(userName, secret!);
        return true;
    }

    /// <summary>The password's text, for computing an Authorization header only.</summary>
    internal string RevealPassword() => System.Text.Encoding.UTF8.GetString(Password.Span);

    /// <inheritdoc />
    public override string ToString() => "[credentials " + UserName + ", password redacted]";
}
