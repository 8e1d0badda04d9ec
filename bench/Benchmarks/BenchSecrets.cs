using System.Security.Cryptography;

namespace SecureStream.Benchmarks;

/// <summary>Key material the way policy.json references it: env: variables and file: PEMs, set up in this process.</summary>
internal static class BenchSecrets
{
    /// <summary>Puts <paramref name="value"/> in a fresh environment variable of this process and returns its env: reference.</summary>
    public static string EnvReference(string prefix, string value)
    {
        var name = prefix + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(name, value);
        return "env:" + name;
    }

    /// <summary>A random 48-character ASCII secret.</summary>
    public static string RandomSecret() => Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

    /// <summary>Writes <paramref name="text"/> to a temp file and returns its path.</summary>
    public static string TempFile(string text, string extension)
    {
        var path = Path.Combine(Path.GetTempPath(), "ss-bench-" + Guid.NewGuid().ToString("N") + extension);
        File.WriteAllText(path, text);
        return path;
    }
}
