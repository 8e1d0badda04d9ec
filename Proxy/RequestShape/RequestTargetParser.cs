using System.Buffers;
using SecureStream.Policy.Access;

namespace SecureStream.Proxy.RequestShape;

/// <summary>
/// The one strict parser of the raw request target (<c>IHttpRequestFeature.RawTarget</c>: path and
/// query exactly as the client sent them, undecoded). It refuses anything ambiguous instead of
/// normalising it, so the gate authorises exactly the object that is routed (docs/security.md
/// "parser differential").
/// </summary>
/// <remarks>
/// <para>Reasons, in the order they are checked:</para>
/// <list type="number">
/// <item><see cref="AccessReason.TargetTooLong"/>: longer than <see cref="RequestShapeLimits.MaxTargetLength"/>.</item>
/// <item><see cref="AccessReason.ControlCharacter"/>: any character below 0x20 or 0x7F anywhere (NUL, CR, LF, TAB…);
/// <see cref="AccessReason.AmbiguousTarget"/>: otherwise any non-ASCII character (look-alike letters).</item>
/// <item><see cref="AccessReason.AmbiguousTarget"/>: <c>#</c>, a second <c>?</c>, and in the path <c>;</c>,
/// <c>\</c>, <c>%</c> (so <c>%2e%2e</c>, <c>%2F</c>, <c>%61pp</c>), empty segments (<c>//</c>, a trailing
/// <c>/</c>), <c>.</c> and <c>..</c> segments.</item>
/// <item><see cref="AccessReason.MalformedTarget"/>: a path that is not a signalling route (wrong number of
/// segments, not starting with <c>/</c>, third segment not exactly <c>whep</c> (or <c>snapshot.jpg</c> as the last of three, GET only), or a method the route does not
/// take). The middleware answers 404 for this reason, as for an unknown camera.</item>
/// <item><see cref="AccessReason.InvalidName"/>: an app or stream name outside the safe alphabet
/// (<see cref="CameraPath.IsSafeName"/>), or a WHEP resource id that is not 22–64 base64url characters.</item>
/// <item>Query problems, see <see cref="QueryParser"/>: empty pairs and bad percent-encoding → MalformedTarget;
/// percent-encoded names, case variants of reserved names, invalid UTF-8 → AmbiguousTarget; decoded control
/// characters → ControlCharacter; too many pairs → TooManyParameters; a name twice → DuplicateParameter; a value
/// over <see cref="RequestShapeLimits.MaxValueLength"/> → TargetTooLong; <c>direction</c> other than <c>whep</c>
/// → MalformedTarget.</item>
/// </list>
/// <para>Never throws on any input; allocates only the strings of an accepted target.</para>
/// </remarks>
internal static partial class RequestTargetParser
{
    /// <summary>The query parameter of the <c>POST /app/stream?direction=whep</c> form.</summary>
    public const string DirectionParameter = "direction";

    private const string WhepSegment = "whep";
    private const string SnapshotSegment = "snapshot.jpg";
    private const int MinResourceIdLength = 22;
    private const int MaxResourceIdLength = 64;
    private const int MaxSegments = 4;

    private static readonly SearchValues<char> PathAmbiguities = SearchValues.Create(";\\%");

    private static readonly SearchValues<char> Base64UrlCharacters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_");

    /// <summary>
    /// Parses and checks a raw request target for the given HTTP method.
    /// </summary>
    /// <param name="rawTarget">The request target as sent (origin-form: path and optional query).</param>
    /// <param name="method">The HTTP method as sent (case-sensitive, RFC 9110 §9.1).</param>
    /// <param name="limits">Size limits.</param>
    /// <param name="reservedNames">
    /// The credential parameter names (<c>ForwardingRules.CredentialParams</c>): a letter-case variant of
    /// one of them (<c>Signature</c>, <c>POLICY</c>) is refused as ambiguous.
    /// </param>
    public static RequestShapeResult Parse(string rawTarget, string method, RequestShapeLimits limits, IReadOnlySet<string> reservedNames)
    {
        if (rawTarget is null || method is null || limits is null || reservedNames is null)
        {
            return RequestShapeResult.Refuse(AccessReason.MalformedTarget, "missing request target or method");
        }

        if (rawTarget.Length > limits.MaxTargetLength)
        {
            return RequestShapeResult.Refuse(AccessReason.TargetTooLong, "request target longer than the limit");
        }

        var characters = CheckCharacters(rawTarget);
        if (characters != AccessReason.Allowed)
        {
            return RequestShapeResult.Refuse(characters, characters == AccessReason.ControlCharacter
                ? "control character in request target"
                : "non-ASCII character in request target");
        }

        if (rawTarget.Contains('#', StringComparison.Ordinal))
        {
            return RequestShapeResult.Refuse(AccessReason.AmbiguousTarget, "'#' in request target");
        }

        var question = rawTarget.IndexOf('?', StringComparison.Ordinal);
        if (question >= 0 && rawTarget.IndexOf('?', question + 1) >= 0)
        {
            return RequestShapeResult.Refuse(AccessReason.AmbiguousTarget, "second '?' in request target");
        }

        var path = question < 0 ? rawTarget.AsSpan() : rawTarget.AsSpan(0, question);
        Span<Range> segments = stackalloc Range[MaxSegments];
        var (pathReason, pathDetail, segmentCount) = SplitPath(path, segments);
        if (pathReason != AccessReason.Allowed)
        {
            return RequestShapeResult.Refuse(pathReason, pathDetail!);
        }

        var app = path[segments[0]];
        var stream = path[segments[1]];
        if (!CameraPath.IsSafeName(app) || !CameraPath.IsSafeName(stream))
        {
            return RequestShapeResult.Refuse(AccessReason.InvalidName, "app or stream name outside the safe alphabet");
        }

        // The literals are case-sensitive: "/app/cam/WHEP" is a different path, not an alias.
        var snapshot = segmentCount == 3 && path[segments[2]].SequenceEqual(SnapshotSegment);
        if (segmentCount >= 3 && !snapshot && !path[segments[2]].SequenceEqual(WhepSegment))
        {
            return RequestShapeResult.Refuse(AccessReason.MalformedTarget, "not a signalling route");
        }

        string? resourceId = null;
        if (segmentCount == 4)
        {
            var id = path[segments[3]];
            if (id.Length is < MinResourceIdLength or > MaxResourceIdLength || id.ContainsAnyExcept(Base64UrlCharacters))
            {
                return RequestShapeResult.Refuse(AccessReason.InvalidName, "WHEP resource id is not 22-64 base64url characters");
            }

            resourceId = id.ToString();
        }

        QueryPair[] query = [];
        if (question >= 0)
        {
            var (queryReason, queryDetail) = QueryParser.TryParse(rawTarget, question + 1, limits, reservedNames, out query);
            if (queryReason != AccessReason.Allowed)
            {
                return RequestShapeResult.Refuse(queryReason, queryDetail!);
            }
        }

        var (kindReason, kindDetail, kind) = snapshot ? RouteSnapshot(method, query) : Route(segmentCount, method, query);
        if (kindReason != AccessReason.Allowed)
        {
            return RequestShapeResult.Refuse(kindReason, kindDetail!);
        }

        var camera = new CameraPath(app.ToString(), stream.ToString());
        return RequestShapeResult.Accept(new ParsedTarget(camera, kind, path.ToString(), resourceId, query));
    }

    // Controls win over non-ASCII wherever they appear, so the reason does not depend on order.
    private static AccessReason CheckCharacters(string target)
    {
        var first = target.AsSpan().IndexOfAnyExceptInRange('\u0020', '\u007E');
        if (first < 0)
        {
            return AccessReason.Allowed;
        }

        for (var i = first; i < target.Length; i++)
        {
            if (target[i] < '\u0020' || target[i] == '\u007F')
            {
                return AccessReason.ControlCharacter;
            }
        }

        return AccessReason.AmbiguousTarget;
    }

    // Every ambiguity in the whole path is reported before its shape, so "/a/b/c/../d" is
    // ambiguous, not merely an unknown route.
    private static (AccessReason, string?, int) SplitPath(ReadOnlySpan<char> path, Span<Range> segments)
    {
        if (path.IndexOfAny(PathAmbiguities) >= 0)
        {
            return (AccessReason.AmbiguousTarget, "';', '\\' or '%' in path", 0);
        }

        // Absolute-form, authority-form and asterisk-form targets are not signalling routes.
        if (path.IsEmpty || path[0] != '/' || path.Length == 1)
        {
            return (AccessReason.MalformedTarget, "not a signalling route", 0);
        }

        var count = 0;
        var start = 1;
        while (true)
        {
            var length = path[start..].IndexOf('/');
            var end = length < 0 ? path.Length : start + length;
            var segment = path[start..end];
            if (segment.IsEmpty)
            {
                return (AccessReason.AmbiguousTarget, "empty path segment", 0);
            }

            if (segment is "." or "..")
            {
                return (AccessReason.AmbiguousTarget, "dot segment in path", 0);
            }

            if (count < MaxSegments)
            {
                segments[count] = start..end;
            }

            count++;
            if (length < 0)
            {
                break;
            }

            start = end + 1;
        }

        return count is < 2 or > MaxSegments
            ? (AccessReason.MalformedTarget, "not a signalling route", 0)
            : (AccessReason.Allowed, null, count);
    }

    // GET only: no CORS preflight (an <img> or poster loads it same-origin) and no direction.
    private static (AccessReason, string?, SignallingKind) RouteSnapshot(string method, QueryPair[] query)
    {
        if (method != "GET")
        {
            return (AccessReason.MalformedTarget, "method not accepted on this route", default);
        }

        foreach (var pair in query)
        {
            if (pair.RawName == DirectionParameter)
            {
                return (AccessReason.MalformedTarget, "direction on the snapshot route", default);
            }
        }

        return (AccessReason.Allowed, null, SignallingKind.Snapshot);
    }

    private static (AccessReason, string?, SignallingKind) Route(int segmentCount, string method, QueryPair[] query)
    {
        var direction = false;
        foreach (var pair in query)
        {
            if (pair.RawName == DirectionParameter)
            {
                if (pair.Value != WhepSegment)
                {
                    return (AccessReason.MalformedTarget, "direction is not 'whep'", default);
                }

                direction = true;
            }
        }

        SignallingKind? kind = (segmentCount, method, direction) switch
        {
            (2, "GET", false) => SignallingKind.WebSocket,
            (2, "POST", true) or (3, "POST", _) => SignallingKind.WhepOffer,
            (2, "OPTIONS", true) or (3, "OPTIONS", _) or (4, "OPTIONS", _) => SignallingKind.WhepOptions,
            (4, "PATCH" or "DELETE", _) => SignallingKind.WhepResource,
            _ => null,
        };

        return kind is { } found
            ? (AccessReason.Allowed, null, found)
            : (AccessReason.MalformedTarget, "method not accepted on this route", default);
    }
}
