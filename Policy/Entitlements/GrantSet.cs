using System.Collections.Frozen;
using SecureStream.Policy.Access;

namespace SecureStream.Policy.Entitlements;

/// <summary>
/// Cameras granted together under the same windows: an operator's direct cameras, a group's
/// cameras, or the anonymous cameras. Exact names sit in a frozen hash set (one lookup however
/// many cameras); only patterns with <c>*</c> are tried one by one. Group sets are shared by every
/// member operator, so a big group costs its memory once.
/// </summary>
internal sealed class GrantSet
{
    private readonly FrozenSet<CameraPath> _exact;
    private readonly CameraPattern[] _wildcards;
    private readonly TimeWindow[] _windows;

    public GrantSet(FrozenSet<CameraPath> exact, CameraPattern[] wildcards, TimeWindow[] windows)
    {
        _exact = exact;
        _wildcards = wildcards;
        _windows = windows;
    }

    /// <summary>An empty set: matches nothing.</summary>
    public static GrantSet Empty { get; } = new(FrozenSet<CameraPath>.Empty, [], []);

    /// <summary>True when the set has no camera at all.</summary>
    public bool IsEmpty => _exact.Count == 0 && _wildcards.Length == 0;

    /// <summary>True when a pattern of this set names the camera (windows not considered).</summary>
    public bool Matches(CameraPath camera)
    {
        if (_exact.Contains(camera))
        {
            return true;
        }

        foreach (var pattern in _wildcards)
        {
            if (pattern.Matches(camera))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the set's windows allow viewing at <paramref name="now"/>; no windows means always.</summary>
    public bool IsOpenAt(DateTimeOffset now)
    {
        if (_windows.Length == 0)
        {
            return true;
        }

        foreach (var window in _windows)
        {
            if (window.Contains(now))
            {
                return true;
            }
        }

        return false;
    }
}
