using System.Globalization;
using System.Net;
using SecureStream.Policy.Audit;
using SecureStream.Policy.Sessions;

namespace SecureStream.Proxy.ClusterSessions;

/// <summary>What a session message says (docs/cluster.md, "Sessions across nodes").</summary>
internal enum SessionMessageKind
{
    /// <summary>Origin → admitting front door: the session ended there, with the first cause and the octets sent.</summary>
    Ended,

    /// <summary>Front door → origins: please end the session's media with this reason.</summary>
    EndRequest,

    /// <summary>Front door → admitting front door: an administrator kicked the session through another front door.</summary>
    Kick,
}

/// <summary>
/// One message about one session between the nodes of a cluster, over Redis pub/sub. The wire form
/// is one line of space-separated fields, version first:
/// <c>1 end SID CODE OCTETS</c>, <c>1 req SID CODE</c>, <c>1 kick SID ADMIN_IP NODE ADMIN</c>
/// (<c>-</c> for an unknown address; NODE is the front door whose management API was asked, ADMIN
/// the acting administrator's name). Parsed strictly: a wrong field count, an unknown kind or
/// reason code, a session id that is not base64url, a negative or non-decimal octet count, or
/// anything longer than <see cref="MaxLength"/> is refused. A message says nothing more than its
/// fields: the receiver decides what, of its own, it may end.
/// </summary>
internal sealed record SessionMessage(SessionMessageKind Kind, string SessionId, SessionEndReason Reason, long OctetsSent, IPAddress? Admin)
{
    /// <summary>For a kick: the front door whose management API the administrator asked.</summary>
    public string? ViaNode { get; init; }

    /// <summary>For a kick: the acting administrator's name (a plain name, see <c>ManagementOptionsValidator.IsPlainName</c>).</summary>
    public string? Administrator { get; init; }

    /// <summary>The longest message accepted: a session id and a reason code and a number, or a kick's IPv6 address, node id and administrator's name.</summary>
    public const int MaxLength = 300;

    /// <summary>The longest session id accepted (ours are 22 characters of base64url).</summary>
    public const int MaxSessionIdLength = 64;

    public static SessionMessage Ended(string sessionId, SessionEndReason reason, long octetsSent) =>
        new(SessionMessageKind.Ended, sessionId, reason, Math.Max(0, octetsSent), null);

    public static SessionMessage EndRequest(string sessionId, SessionEndReason reason) =>
        new(SessionMessageKind.EndRequest, sessionId, reason, 0, null);

    public static SessionMessage Kick(string sessionId, string administrator, IPAddress? admin, string viaNode) =>
        new(SessionMessageKind.Kick, sessionId, SessionEndReason.Kicked, 0, admin) { ViaNode = viaNode, Administrator = administrator };

    public string Encode() => Kind switch
    {
        SessionMessageKind.Ended => string.Create(CultureInfo.InvariantCulture, $"1 end {SessionId} {Reason.ToCode()} {OctetsSent}"),
        SessionMessageKind.EndRequest => $"1 req {SessionId} {Reason.ToCode()}",
        _ => $"1 kick {SessionId} {(Admin is null ? "-" : Admin.ToString())} {ViaNode} {Administrator}",
    };

    /// <summary>Reads one message; false (and null) for anything that is not exactly one of the three forms.</summary>
    public static bool TryParse(string? text, out SessionMessage? message)
    {
        message = null;
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength)
        {
            return false;
        }

        var fields = text.Split(' ');
        if (fields.Length < 3 || fields[0] != "1" || !IsSessionId(fields[2]))
        {
            return false;
        }

        var sessionId = fields[2];
        switch (fields[1])
        {
            case "end" when fields.Length == 5 && SessionEndReasonCodes.TryParse(fields[3], out var reason) && IsOctetCount(fields[4], out var octets):
                message = Ended(sessionId, reason, octets);
                return true;
            case "req" when fields.Length == 4 && SessionEndReasonCodes.TryParse(fields[3], out var requested):
                message = EndRequest(sessionId, requested);
                return true;
            case "kick" when fields.Length == 6 && TryParseAdmin(fields[3], out var admin) && NodeIdRule.IsValid(fields[4])
                && Management.ManagementOptionsValidator.IsPlainName(fields[5]):
                message = Kick(sessionId, fields[5], admin, fields[4]);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Base64url, as the front door mints session ids (<c>TicketIssuer.NewId</c>).</summary>
    private static bool IsSessionId(string value) =>
        value.Length is > 0 and <= MaxSessionIdLength && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static bool IsOctetCount(string value, out long octets)
    {
        octets = 0;
        return value.Length is > 0 and <= 19 && value.All(char.IsAsciiDigit) &&
            long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out octets);
    }

    private static bool TryParseAdmin(string value, out IPAddress? admin)
    {
        admin = null;
        return value == "-" || (value.All(c => char.IsAsciiHexDigit(c) || c is '.' or ':') && IPAddress.TryParse(value, out admin));
    }
}
