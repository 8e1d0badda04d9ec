using System.Text.RegularExpressions;

namespace SecureStream.FirstFrame;

/// <summary>Signed links are credentials: any text this tool prints that might quote one goes through here.</summary>
internal static partial class Redaction
{
    public static string Redact(string text) => Credential().Replace(text, "$1=***");

    [GeneratedRegex(@"(policy|signature)=[^&\s""']*", RegexOptions.IgnoreCase)]
    private static partial Regex Credential();
}
