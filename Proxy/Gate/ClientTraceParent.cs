using System.Buffers;
using System.Diagnostics;
using Microsoft.Extensions.Primitives;

namespace SecureStream.Proxy.Gate;

/// <summary>
/// The viewer's own W3C trace (Trace Context, §3.2 <c>traceparent</c>), carried beside the
/// gateway's, never instead of it (docs/audit.md, "Viewer trace context"). The gateway's trace id
/// stays the key of the viewer's audit records: a client that chose it could give its records
/// another session's id. The viewer's trace id is only recorded (<c>client_trace_id</c>) and
/// continued in the webhook call, so the site's receiver sees the trace its own player started.
/// </summary>
/// <remarks>
/// Security invariant: parsed strictly and silently — version <c>00</c>, exactly 55 characters,
/// a 32-digit lowercase hex trace id and a 16-digit parent id that are not all zeros, two hex
/// flag digits; one header only. Anything else is as if no header came: never an error, a log
/// line per request or a refusal, so an attacker learns nothing and costs nothing. The value is
/// opaque text chosen by the client: it correlates, it never decides.
/// </remarks>
internal readonly record struct ClientTraceParent(string TraceId, bool Sampled)
{
    /// <summary>The W3C header name.</summary>
    public const string HeaderName = "traceparent";

    // "00-" + 32 + "-" + 16 + "-" + 2 (version 00's exact length).
    private const int Length = 55;

    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    /// <summary>Reads the request's <c>traceparent</c>; false (and nothing recorded) unless exactly one well-formed version-00 value came.</summary>
    public static bool TryParse(StringValues values, out ClientTraceParent parsed)
    {
        parsed = default;
        if (values.Count != 1 || values[0] is not { Length: Length } value)
        {
            return false;
        }

        var text = value.AsSpan();
        if (text[0] != '0' || text[1] != '0' || text[2] != '-' || text[35] != '-' || text[52] != '-')
        {
            return false;
        }

        var traceId = text.Slice(3, 32);
        var parentId = text.Slice(36, 16);
        var flags = text.Slice(53, 2);
        if (traceId.ContainsAnyExcept(LowerHex) || parentId.ContainsAnyExcept(LowerHex) || flags.ContainsAnyExcept(LowerHex) ||
            !traceId.ContainsAnyExcept('0') || !parentId.ContainsAnyExcept('0'))
        {
            return false;
        }

        // Bit 0 of the flags is "sampled"; the others are not defined by version 00 and are not passed on.
        parsed = new ClientTraceParent(traceId.ToString(), HexValue(flags[1]) % 2 == 1);
        return true;
    }

    /// <summary>
    /// The <c>traceparent</c> for the call this gateway makes on the viewer's behalf: the viewer's
    /// trace id with the gateway's own span as the parent, so the receiver continues the viewer's
    /// trace under the gateway's step.
    /// </summary>
    public string ContinuedBy(ActivitySpanId gatewaySpan) => $"00-{TraceId}-{gatewaySpan.ToHexString()}-{(Sampled ? "01" : "00")}";

    /// <summary><see cref="ContinuedBy"/> the current request's span (a fresh one when the request has no W3C activity).</summary>
    public string ContinuedByCurrentSpan() =>
        ContinuedBy(Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity ? activity.SpanId : ActivitySpanId.CreateRandom());

    private static int HexValue(char digit) => digit <= '9' ? digit - '0' : digit - 'a' + 10;
}
