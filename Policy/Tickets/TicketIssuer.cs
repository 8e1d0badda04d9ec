using System.Security.Cryptography;
using SecureStream.Policy.Access;

namespace SecureStream.Policy.Tickets;

/// <summary>
/// Mints the short-lived, single-use ticket the front door attaches to every signalling request it
/// forwards. The origin refuses signalling without one, so nothing reaches a camera unless the
/// gate said yes.
/// </summary>
internal sealed class TicketIssuer(TicketKey key, TimeProvider time)
{
    /// <summary>
    /// This front door's node id, signed into every ticket in cluster mode so the origin can report
    /// the session's end to it (docs/cluster.md, "Sessions across nodes"); null on a single node.
    /// </summary>
    public string? NodeId { get; init; }

    /// <summary>How long a ticket may take to reach the origin.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(15);

    /// <summary>The request header that carries the ticket from the front door to the origin.</summary>
    public const string HeaderName = "X-SecureStream-Ticket";

    public string Issue(
        string sessionId, CameraPath camera, string operatorKey, DateTimeOffset? sessionEnd, string forwardedQuery,
        CameraRendition rendition = CameraRendition.Main)
    {
        var ticket = new InternalTicket(
            NewId(),
            sessionId,
            camera,
            operatorKey,
            time.GetUtcNow() + Lifetime,
            sessionEnd,
            forwardedQuery)
        {
            Rendition = rendition,
            AdmittedBy = NodeId,
        };
        return TicketCodec.Encode(ticket, key.Value);
    }

    /// <summary>A 128-bit random id in base64url: unguessable session and ticket ids.</summary>
    public static string NewId()
    {
        Span<byte> id = stackalloc byte[16];
        RandomNumberGenerator.Fill(id);
        return System.Buffers.Text.Base64Url.EncodeToString(id);
    }
}
