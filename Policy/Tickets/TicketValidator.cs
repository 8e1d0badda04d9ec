using System.Collections.Concurrent;
using SecureStream.Policy.Access;

namespace SecureStream.Policy.Tickets;

/// <summary>
/// The origin's check: a ticket must carry a valid MAC, be unexpired, name exactly the camera being
/// routed, and not have been used before (single use: a captured ticket cannot be replayed).
/// </summary>
internal sealed class TicketValidator(TicketKey key, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _used = new(StringComparer.Ordinal);
    private long _checks;

    /// <summary>Checks and consumes a ticket. Never throws.</summary>
    public TicketCheck Validate(string? presented, CameraPath routedCamera)
    {
        if (string.IsNullOrEmpty(presented))
        {
            return new TicketCheck(AccessReason.TicketMissing, null);
        }

        if (!TicketCodec.TryDecode(presented, key.Value, out var ticket) || ticket is null)
        {
            return new TicketCheck(AccessReason.TicketInvalid, null);
        }

        var now = time.GetUtcNow();
        if (ticket.ExpiresAt < now || ticket.Camera != routedCamera)
        {
            return new TicketCheck(AccessReason.TicketInvalid, null);
        }

        if (!_used.TryAdd(ticket.TicketId, ticket.ExpiresAt))
        {
            return new TicketCheck(AccessReason.TicketInvalid, null);
        }

        if (Interlocked.Increment(ref _checks) % 256 == 0)
        {
            Prune(now);
        }

        return new TicketCheck(AccessReason.Allowed, ticket);
    }

    // Used ids only need remembering until their ticket would have expired anyway.
    private void Prune(DateTimeOffset now)
    {
        foreach (var (id, expires) in _used)
        {
            if (expires < now)
            {
                _used.TryRemove(id, out _);
            }
        }
    }
}
