namespace SecureStream.Media.Tests.Interop;

/// <summary>
/// Where a program the tests run lives. A missing program fails the test that needs it, loudly and
/// naming the Debian package that provides it: a test of a claim never passes because the software
/// it talks to is absent. scripts/test.sh installs every package named here.
/// </summary>
internal static class RequiredProgram
{
    /// <summary>
    /// <paramref name="program"/> as given when it is an absolute path that exists, otherwise the
    /// first match on PATH; throws when there is none.
    /// </summary>
    public static string Find(string program, string package)
    {
        if (Path.IsPathRooted(program))
        {
            return File.Exists(program) ? program : throw Missing(program, package);
        }

        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(directory, program);
            if (directory.Length > 0 && File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw Missing(program, package);
    }

    private static InvalidOperationException Missing(string program, string package) =>
        new($"{program} is missing: install the Debian package '{package}' (scripts/test.sh installs it). "
            + "This test needs the real program and does not pass without it.");
}
