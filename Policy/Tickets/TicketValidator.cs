using System.Collections.Concurrent;
using SecureStream.Policy.Access;

namespace SecureStream.Policy.Tickets;

/// <summary>
/// The origin's check: a ticket must carry a valid MAC, be unexpired, name exactly the camera being
/// routed, and not have been used before (single use: a captured ticket cannot be replayed).
/// </summary>
internal sealed class TicketValidator(TicketKey key, TimeProvider time)
{
    /// <summary>How often the used ids whose tickets have expired are dropped.</summary>
    internal static readonly TimeSpan PruneInterval = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _used = new(StringComparer.Ordinal);
    private long _nextPruneTicks;

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

        // By time, not by count: every id lives a ticket lifetime (15 s), so at thousands of
        // admissions a second a count-based prune walked tens of thousands of live ids every few
        // hundred requests. Once a second, one caller (the one that wins the exchange) prunes.
        var next = Interlocked.Read(ref _nextPruneTicks);
        if (now.UtcTicks >= next && Interlocked.CompareExchange(ref _nextPruneTicks, now.UtcTicks + PruneInterval.Ticks, next) == next)
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
