using System.Text;
using SecureStream.Policy.Secrets;

namespace SecureStream.Media.Cameras;

/// <summary>
/// The userinfo of a camera URL (<c>user:password</c>), kept apart from the rest of the URL.
/// Security invariant: <see cref="ToString"/> redacts, and nothing in this type is ever written
/// to a log, an audit record or an API response; only the RTSP client (to authenticate) and the
/// registry file (to survive a restart) read it.
/// </summary>
internal sealed class CameraCredentials
{
    private readonly string _userInfo;

    /// <param name="userInfo">The userinfo exactly as written in the URL, still percent-encoded.</param>
    public CameraCredentials(string userInfo) => _userInfo = userInfo;

    /// <summary>The user name, percent-decoded.</summary>
    public string UserName
    {
        get
        {
            var colon = _userInfo.IndexOf(':', StringComparison.Ordinal);
            return Uri.UnescapeDataString(colon < 0 ? _userInfo : _userInfo[..colon]);
        }
    }

    /// <summary>The password, percent-decoded; null when the URL named only a user.</summary>
    public SecretValue? Password
    {
        get
        {
            var colon = _userInfo.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : SecretValue.FromBytes(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(_userInfo[(colon + 1)..])));
        }
    }

    /// <summary>The raw userinfo, for rebuilding the full URL only (see <see cref="CameraUrl.ToUnredactedString"/>).</summary>
    internal string RawUserInfo => _userInfo;

    /// <inheritdoc />
    public override string ToString() => "***";
}
