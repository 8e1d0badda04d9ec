using System.Collections.Frozen;
using System.Text;
using SecureStream.Policy.Access;

namespace SecureStream.Policy.Forwarding;

/// <summary>
/// The runtime form of the <c>forwarding</c> section: decides which of a viewer's query parameters
/// reach the camera and encodes them (docs/cameras.md ForwardQueryParams, ours; docs/security.md
/// "Forwarded query values…").
/// </summary>
/// <remarks>
/// Security invariants: credential and reserved names are dropped in every letter case; a value
/// (or name) with any control character refuses the whole query; the output is re-encoded by
/// <see cref="ForwardQueryEncoder"/>, so it can never change the camera URL's host, userinfo or
/// path nor inject RTSP header lines.
/// </remarks>
internal sealed partial class ForwardingRules
{
    // Built on first use: a static initializer here could run before the validation partial's
    // static fields are set (initializer order across partial files is not defined).
    private static ForwardingRules? _default;
    private static readonly IReadOnlySet<string> NoNames = new HashSet<string>();
    private readonly FrozenSet<string> _dropped;
    private readonly ForwardCameraRule[] _cameras;

    private ForwardingRules(FrozenSet<string> credentialParams, FrozenSet<string> dropped, ForwardCameraRule[] cameras, ForwardConflictMode onConflict)
    {
        CredentialParams = credentialParams;
        _dropped = dropped;
        _cameras = cameras;
        OnConflict = onConflict;
    }

    /// <summary>What a forwarded name that the camera URL already has does (<c>forwarding.onConflict</c>).</summary>
    public ForwardConflictMode OnConflict { get; }

    /// <summary>The defaults alone: credential and reserved names stripped, no allow-lists.</summary>
    public static ForwardingRules Default => _default ??= Create(new ForwardingSettings());

    /// <summary>
    /// The credential parameter names as configured (ordinal set): the request-shape parser's
    /// reserved names, whose letter-case variants it refuses.
    /// </summary>
    public IReadOnlySet<string> CredentialParams { get; }

    /// <summary>
    /// Validates the whole section, appending every problem to <paramref name="errors"/> as
    /// <c>"&lt;json path&gt;: &lt;what is wrong&gt;; &lt;the fix&gt;"</c>.
    /// </summary>
    /// <param name="settings">The deserialized section; null means the section was omitted (defaults).</param>
    /// <param name="jsonPath">Where the section is, e.g. <c>$.forwarding</c>.</param>
    /// <param name="errors">Receives every problem found.</param>
    /// <param name="rules">The rules, or null when there was any problem.</param>
    /// <param name="linkParams">
    /// Credential names configured elsewhere (<c>signedUrls.policyParam</c> / <c>signatureParam</c>):
    /// never forwarded either, whatever they are called.
    /// </param>
    public static bool TryCreate(
        ForwardingSettings? settings, string jsonPath, List<string> errors, out ForwardingRules? rules, IEnumerable<string>? linkParams = null)
    {
        ArgumentNullException.ThrowIfNull(errors);
        rules = null;
        var before = errors.Count;
        settings ??= new ForwardingSettings();

        var credentials = CollectNames(settings.CredentialParams, ForwardingSettings.DefaultCredentialParams,
            $"{jsonPath}.credentialParams", errors);
        foreach (var name in linkParams ?? [])
        {
            if (IsParameterName(name) && !credentials.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                credentials.Add(name);
            }
        }

        var reserved = CollectNames(settings.ReservedParams, ForwardingSettings.DefaultReservedParams,
            $"{jsonPath}.reservedParams", errors);
        var dropped = credentials.Concat(reserved).ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        var cameras = CollectCameras(settings.Cameras, dropped, $"{jsonPath}.cameras", errors);
        var onConflict = ParseConflictMode(settings.OnConflict, $"{jsonPath}.onConflict", errors);

        if (errors.Count != before)
        {
            return false;
        }

        rules = new ForwardingRules(credentials.ToFrozenSet(StringComparer.Ordinal), dropped, cameras, onConflict);
        return true;
    }

    /// <summary>
    /// Builds the query forwarded to <paramref name="camera"/> from the viewer's parsed query:
    /// credential and reserved names dropped (any letter case); when a <c>cameras</c> entry matches,
    /// only its allowed names pass (first match wins; no match = every other name passes); a name
    /// the camera URL already has (<paramref name="fixedNames"/>, case-insensitive) refused or
    /// dropped as <see cref="OnConflict"/> says; names and decoded values re-encoded; pairs in
    /// canonical order (by name), so viewers asking for the same parameters share one pull.
    /// Never throws.
    /// </summary>
    /// <returns>
    /// Allowed with the query (no leading <c>?</c>, <c>""</c> when nothing passes);
    /// <see cref="AccessReason.ControlCharacter"/> when any name or value holds a control character;
    /// <see cref="AccessReason.MalformedTarget"/> for a pair with no name or a lone surrogate;
    /// <see cref="AccessReason.ForwardParamConflict"/> for a forwarded name the camera URL already
    /// has (with <see cref="ForwardConflictMode.Refuse"/>) or two forwarded names that differ only
    /// in letter case.
    /// </returns>
    public ForwardResult Build(IReadOnlyList<QueryPair> query, CameraPath camera, IReadOnlySet<string>? fixedNames = null)
    {
        if (query is null)
        {
            return new ForwardResult(AccessReason.MalformedTarget, string.Empty);
        }

        fixedNames ??= NoNames;
        var allow = FindAllowList(camera);
        List<KeyValuePair<string, string>>? pairs = null;
        foreach (var pair in query)
        {
            var name = pair.RawName;
            var value = pair.Value ?? string.Empty;
            if (string.IsNullOrEmpty(name))
            {
                return new ForwardResult(AccessReason.MalformedTarget, string.Empty);
            }

            // Checked on every pair, dropped or not: a query carrying a control character is
            // hostile as a whole, whichever parameter it hides in.
            if (HasControl(name) || HasControl(value))
            {
                return new ForwardResult(AccessReason.ControlCharacter, string.Empty);
            }

            if (_dropped.Contains(name) || (allow is not null && !allow.Contains(name)))
            {
                continue;
            }

            if (fixedNames.Contains(name))
            {
                if (OnConflict == ForwardConflictMode.Drop)
                {
                    continue;
                }

                return new ForwardResult(AccessReason.ForwardParamConflict, string.Empty);
            }

            pairs ??= [];
            if (pairs.Exists(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)))
            {
                // "Channel=1&channel=7": which one a camera reads is its own business; refuse.
                return new ForwardResult(AccessReason.ForwardParamConflict, string.Empty);
            }

            var builder = new StringBuilder(name.Length + value.Length + 1);
            if (!ForwardQueryEncoder.TryAppend(builder, name))
            {
                return new ForwardResult(AccessReason.MalformedTarget, string.Empty);
            }

            // A pair sent without '=' is forwarded without one: "name" and "name=" can mean
            // different things to a camera.
            if (!string.Equals(pair.Raw, name, StringComparison.Ordinal))
            {
                builder.Append('=');
                if (!ForwardQueryEncoder.TryAppend(builder, value))
                {
                    return new ForwardResult(AccessReason.MalformedTarget, string.Empty);
                }
            }

            pairs.Add(new(name, builder.ToString()));
        }

        if (pairs is null)
        {
            return new ForwardResult(AccessReason.Allowed, string.Empty);
        }

        // Canonical order: names are unique ignoring case, so this order is total.
        pairs.Sort((a, b) => string.CompareOrdinal(a.Key.ToUpperInvariant(), b.Key.ToUpperInvariant()));
        return new ForwardResult(AccessReason.Allowed, string.Join('&', pairs.Select(p => p.Value)));
    }

    private static ForwardingRules Create(ForwardingSettings settings)
    {
        var errors = new List<string>();
        return TryCreate(settings, "$.forwarding", errors, out var rules)
            ? rules!
            : throw new InvalidOperationException("The built-in forwarding defaults are invalid: " + string.Join("; ", errors));
    }

    private FrozenSet<string>? FindAllowList(CameraPath camera)
    {
        foreach (var rule in _cameras)
        {
            if (rule.Pattern.Matches(camera))
            {
                return rule.Allow;
            }
        }

        return null;
    }

    private static bool HasControl(string text)
    {
        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                return true;
            }
        }

        return false;
    }
}
