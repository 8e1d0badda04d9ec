using System.Net;
using SecureStream.Policy.Access;

namespace SecureStream.Policy.Entitlements;

/// <summary>
/// The live sessions of one cap key (an operator, or all anonymous links) and, inside it, how many
/// each link (credential id) and each source (client address, IPv6 by /64) holds. One lock per
/// pool: admissions are rare next to media, and one lock makes "check all three shares, then take
/// all three" atomic, so racing requests can never overshoot any of them.
/// </summary>
/// <remarks>
/// Bounded: a link or source entry exists only while it holds a session (removed at zero), so the
/// dictionaries never hold more entries than the pool has live sessions.
/// </remarks>
internal sealed class SessionPool
{
    /// <summary>The refusal texts (the audit record's detail), shared by every session counter.</summary>
    public const string PoolFull = "pool full";
    public const string LinkShareFull = "per-link share full";
    public const string SourceShareFull = "per-source share full";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _links = new(StringComparer.Ordinal);
    private readonly Dictionary<IPAddress, int> _sources = [];
    private int _active;

    public int Active
    {
        get
        {
            lock (_gate)
            {
                return _active;
            }
        }
    }

    /// <summary>Sessions held by <paramref name="source"/>'s share key (its /64 for IPv6).</summary>
    public int ActiveForSource(IPAddress source)
    {
        lock (_gate)
        {
            return _sources.GetValueOrDefault(SourceAddress.Of(source));
        }
    }

    /// <summary>
    /// Adds one session unless the pool, the link's share or the source's share is full (null =
    /// no cap; a null <paramref name="link"/> or <paramref name="source"/> is not counted).
    /// </summary>
    /// <returns>Null when taken; otherwise which share was full, for the audit record's detail.</returns>
    public string? TryTake(in SessionClaim claim)
    {
        lock (_gate)
        {
            if (_active >= claim.MaxSessions)
            {
                return PoolFull;
            }

            var linkCount = claim.Link is null ? 0 : _links.GetValueOrDefault(claim.Link);
            if (claim.Link is not null && linkCount >= claim.MaxSessionsPerLink)
            {
                return LinkShareFull;
            }

            var sourceCount = claim.Source is null ? 0 : _sources.GetValueOrDefault(claim.Source);
            if (claim.Source is not null && sourceCount >= claim.MaxSessionsPerSource)
            {
                return SourceShareFull;
            }

            _active++;
            if (claim.Link is not null)
            {
                _links[claim.Link] = linkCount + 1;
            }

            if (claim.Source is not null)
            {
                _sources[claim.Source] = sourceCount + 1;
            }

            return null;
        }
    }

    /// <summary>Gives back what <see cref="TryTake"/> took for the same link and source.</summary>
    public void Give(string? link, IPAddress? source)
    {
        lock (_gate)
        {
            _active--;
            Decrement(_links, link);
            Decrement(_sources, source);
        }
    }

    private static void Decrement<TKey>(Dictionary<TKey, int> counts, TKey? key)
        where TKey : notnull
    {
        if (key is null || !counts.TryGetValue(key, out var count))
        {
            return;
        }

        if (count <= 1)
        {
            counts.Remove(key);
        }
        else
        {
            counts[key] = count - 1;
        }
    }
}
