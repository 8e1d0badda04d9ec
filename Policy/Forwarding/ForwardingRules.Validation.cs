using System.Buffers;
using System.Collections.Frozen;
using SecureStream.Policy.Access;

namespace SecureStream.Policy.Forwarding;

/// <summary>Validation of the <c>forwarding</c> section.</summary>
internal sealed partial class ForwardingRules
{
    private const int MaxNameLength = 64;

    private static readonly SearchValues<char> NameCharacters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-");

    /// <summary>True for a name the request-shape parser can accept: 1–64 of <c>A–Z a–z 0–9 . _ -</c>.</summary>
    internal static bool IsParameterName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= MaxNameLength && !name.AsSpan().ContainsAnyExcept(NameCharacters);

    private static ForwardConflictMode ParseConflictMode(string? text, string path, List<string> errors)
    {
        switch (text)
        {
            case "refuse":
                return ForwardConflictMode.Refuse;
            case "drop":
                return ForwardConflictMode.Drop;
            default:
                errors.Add($"{path}: \"{text}\" is not a conflict mode; write \"refuse\" (the default: refuse the request) or \"drop\" (leave the parameter out)");
                return ForwardConflictMode.Refuse;
        }
    }

    // Configured names first, so their spelling is the one kept; defaults are added when no
    // letter-case variant of them is configured, so they can never be removed.
    private static List<string> CollectNames(IReadOnlyList<string>? configured, IReadOnlyList<string> defaults, string path, List<string> errors)
    {
        var names = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (configured is null)
        {
            errors.Add($"{path}: is null; remove it to use the defaults ({string.Join(", ", defaults)}) or list names to add to them");
            configured = [];
        }

        for (var i = 0; i < configured.Count; i++)
        {
            var name = configured[i];
            if (!IsParameterName(name))
            {
                errors.Add($"{path}[{i}]: \"{name}\" is not a parameter name; use 1-64 characters of A-Z a-z 0-9 . _ -");
            }
            else if (seen.Add(name))
            {
                names.Add(name);
            }
        }

        foreach (var name in defaults)
        {
            if (seen.Add(name))
            {
                names.Add(name);
            }
        }

        return names;
    }

    private static ForwardCameraRule[] CollectCameras(
        IReadOnlyList<ForwardingCameraSettings>? cameras, FrozenSet<string> dropped, string path, List<string> errors)
    {
        if (cameras is null)
        {
            errors.Add($"{path}: is null; remove it or give a list of {{ \"pattern\": \"app/cam*\", \"allow\": [...] }} entries");
            return [];
        }

        var rules = new List<ForwardCameraRule>(cameras.Count);
        var patterns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < cameras.Count; i++)
        {
            var entry = cameras[i];
            var entryPath = $"{path}[{i}]";
            if (entry is null)
            {
                errors.Add($"{entryPath}: is null; give {{ \"pattern\": \"app/cam*\", \"allow\": [...] }} or remove the entry");
                continue;
            }

            if (!CameraPattern.TryParse(entry.Pattern, out var pattern))
            {
                errors.Add($"{entryPath}.pattern: \"{entry.Pattern}\" is not a camera pattern; write app/stream with optional * in either name, e.g. app/cam*");
            }
            else if (!patterns.TryAdd(pattern!.Text, i))
            {
                errors.Add($"{entryPath}.pattern: \"{pattern.Text}\" repeats {path}[{patterns[pattern.Text]}], which always wins; remove one of them");
            }

            var allow = CollectAllow(entry.Allow, dropped, $"{entryPath}.allow", errors);
            if (pattern is not null && allow is not null)
            {
                rules.Add(new ForwardCameraRule(pattern, allow));
            }
        }

        return [.. rules];
    }

    private static FrozenSet<string>? CollectAllow(IReadOnlyList<string>? allow, FrozenSet<string> dropped, string path, List<string> errors)
    {
        if (allow is null)
        {
            errors.Add($"{path}: is missing; list the parameter names these cameras may receive ([] forwards nothing)");
            return null;
        }

        var valid = true;
        for (var i = 0; i < allow.Count; i++)
        {
            var name = allow[i];
            if (!IsParameterName(name))
            {
                errors.Add($"{path}[{i}]: \"{name}\" is not a parameter name; use 1-64 characters of A-Z a-z 0-9 . _ -");
                valid = false;
            }
            else if (dropped.Contains(name))
            {
                errors.Add($"{path}[{i}]: \"{name}\" is a credential or reserved parameter and is never forwarded; remove it");
                valid = false;
            }
        }

        return valid ? allow.ToFrozenSet(StringComparer.Ordinal) : null;
    }
}
