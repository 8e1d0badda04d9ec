using System.Collections.Frozen;

namespace SecureStream.Policy.Access;

/// <summary>
/// The short snake_case codes sent to clients and written to audit records. Stable: clients and
/// Seq queries match on them.
/// </summary>
public static class AccessReasonCodes
{
    private static readonly FrozenDictionary<AccessReason, string> Codes = Enum.GetValues<AccessReason>()
        .ToFrozenDictionary(reason => reason, ToSnakeCase);

    private static readonly FrozenDictionary<string, AccessReason> Reasons = Codes
        .ToFrozenDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);

    /// <summary>The wire code of a reason, e.g. <c>signature_invalid</c>.</summary>
    public static string ToCode(this AccessReason reason) =>
        Codes.TryGetValue(reason, out var code) ? code : "unknown";

    /// <summary>Reads a wire code back; false for anything not on the closed list.</summary>
    public static bool TryParse(string code, out AccessReason reason) => Reasons.TryGetValue(code, out reason);

    private static string ToSnakeCase(AccessReason reason)
    {
        var name = reason.ToString();
        var builder = new System.Text.StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }
}
