using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace SecureStream.Proxy.Hosting;

/// <summary>
/// Makes the zero-configuration run work: every <c>file:data/dev-secrets/NAME</c> reference in
/// policy.json whose file is missing gets 256 random bits (base64url), readable only by this user.
/// Only paths under data/dev-secrets/ are ever created, so a production secret path that is
/// missing stays an error.
/// </summary>
internal static partial class DevelopmentSecrets
{
    public const string Directory = "data/dev-secrets/";

    public static IReadOnlyList<string> CreateMissing(string policyPath, params string?[] otherReferences)
    {
        var text = (File.Exists(policyPath) ? File.ReadAllText(policyPath) : string.Empty) +
            string.Concat(otherReferences.Where(r => r is not null).Select(r => "\"" + r + "\""));
        var created = new List<string>();
        foreach (Match match in SecretFileReference().Matches(text))
        {
            var path = match.Groups["path"].Value;
            if (File.Exists(path))
            {
                continue;
            }

            System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            File.WriteAllText(path, System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32)));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            created.Add(path);
        }

        return created;
    }

    [GeneratedRegex("\"file:(?<path>data/dev-secrets/[A-Za-z0-9._-]+)\"")]
    private static partial Regex SecretFileReference();
}
