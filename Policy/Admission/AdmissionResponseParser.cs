using System.Text;
using System.Text.Json;
using SecureStream.Policy.Access;

namespace SecureStream.Policy.Admission;

/// <summary>
/// Reads the body of an HTTP 200 answer to an <c>opening</c> call:
/// <c>{"allowed":bool, "new_url":"…", "lifetime":ms, "reason":"…"}</c>.
/// </summary>
/// <remarks>
/// Security invariant: only the JSON literal <c>true</c> under exactly the key <c>allowed</c>,
/// in a top-level object without any duplicate key, admits. Strings (<c>"true"</c>), numbers,
/// a missing key, duplicates (which parsers resolve differently — first or last wins), nested
/// or trailing garbage all fail closed as <see cref="AdmissionOutcome.MalformedResponse"/>.
/// Never throws: the body comes from a peer.
/// </remarks>
internal static class AdmissionResponseParser
{
    /// <summary>Longest <see cref="AdmissionDecision.PeerReason"/>, in characters, after escaping.</summary>
    public const int MaxPeerReasonLength = 256;

    /// <summary>
    /// Longest <c>lifetime</c> accepted, in ms: 365 days. A session end further out is no limit a
    /// receiver means, and "now + lifetime" must stay a valid time (an unchecked huge value threw).
    /// </summary>
    public const long MaxLifetimeMs = 365L * 24 * 60 * 60 * 1000;

    private const int MaxDepth = 16;

    private static readonly JsonDocumentOptions Options = new()
    {
        AllowDuplicateProperties = false,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = MaxDepth,
    };

    /// <summary>Turns a 200 body into a decision; <paramref name="latency"/> and <paramref name="httpStatus"/> are copied in.</summary>
    public static AdmissionDecision Parse(ReadOnlyMemory<byte> body, TimeSpan latency, int? httpStatus)
    {
        var malformed = AdmissionDecision.Unavailable(AdmissionOutcome.MalformedResponse, latency, httpStatus);
        try
        {
            using var document = JsonDocument.Parse(body, Options);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return malformed;
            }

            bool? allowed = null;
            long? lifetime = null;
            string? newUrl = null;
            string? reason = null;
            foreach (var property in root.EnumerateObject())
            {
                var value = property.Value;
                switch (property.Name)
                {
                    case "allowed":
                        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                        {
                            return malformed;
                        }

                        allowed = value.ValueKind == JsonValueKind.True;
                        break;
                    case "lifetime":
                        // Milliseconds, 0 = unlimited. A float, a string, a negative value or one
                        // past MaxLifetimeMs is a broken receiver: refuse rather than guess a
                        // session length.
                        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var ms) || ms is < 0 or > MaxLifetimeMs)
                        {
                            return malformed;
                        }

                        lifetime = ms == 0 ? null : ms;
                        break;
                    case "new_url":
                        if (value.ValueKind != JsonValueKind.String)
                        {
                            return malformed;
                        }

                        var url = value.GetString();
                        newUrl = string.IsNullOrEmpty(url) ? null : url;
                        break;
                    case "reason":
                        // Logged only, so a missing or odd-typed reason is no reason to fail.
                        reason = value.ValueKind == JsonValueKind.String ? EscapeForLog(value.GetString()) : null;
                        break;
                    default:
                        break;
                }
            }

            return allowed switch
            {
                true => new AdmissionDecision(AccessReason.Allowed, AdmissionOutcome.Allowed, lifetime, newUrl, reason, latency, httpStatus),
                false => new AdmissionDecision(AccessReason.WebhookDenied, AdmissionOutcome.Denied, null, null, reason, latency, httpStatus),
                null => malformed,
            };
        }
        catch (JsonException)
        {
            return malformed;
        }
        catch (InvalidOperationException)
        {
            // GetString on text that is not valid UTF-16 once unescaped (lone surrogates).
            return malformed;
        }
    }

    /// <summary>
    /// Makes a peer-supplied text safe for one log field: control characters (CR, LF, ESC…),
    /// line/paragraph separators and lone surrogates become <c>\uXXXX</c>; the result is at most
    /// <see cref="MaxPeerReasonLength"/> characters.
    /// </summary>
    public static string? EscapeForLog(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var builder = new StringBuilder(Math.Min(text.Length, MaxPeerReasonLength));
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var pairOk = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            var unsafeChar = char.IsControl(c) || c is '\u2028' or '\u2029' or '\u200e' or '\u200f' or '\u202a' or '\u202b' or '\u202c' or '\u202d' or '\u202e'
                || (char.IsSurrogate(c) && !pairOk);
            var piece = unsafeChar ? "\\u" + ((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture)
                : pairOk ? text.Substring(i, 2)
                : c.ToString();
            if (builder.Length + piece.Length > MaxPeerReasonLength)
            {
                break;
            }

            builder.Append(piece);
            if (pairOk)
            {
                i++;
            }
        }

        return builder.ToString();
    }
}
