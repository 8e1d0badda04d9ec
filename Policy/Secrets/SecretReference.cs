namespace SecureStream.Policy.Secrets;

/// <summary>
/// Where a secret comes from. Configuration and policy.json never hold a secret itself: they name
/// an environment variable (<c>env:NAME</c>) or a file (<c>file:/path</c>). Files are read as
/// text with surrounding white space trimmed.
/// </summary>
public static class SecretReference
{
    /// <summary>Resolves a reference; returns false with a message naming the fix when it cannot.</summary>
    public static bool TryResolve(string? reference, out SecretValue? secret, out string error)
    {
        secret = null;
        error = string.Empty;
        if (string.IsNullOrWhiteSpace(reference))
        {
            error = "is empty; use env:VARIABLE or file:/path/to/secret";
            return false;
        }

        if (reference.StartsWith("env:", StringComparison.Ordinal))
        {
            var name = reference[4..];
            var value = Environment.GetEnvironmentVariable(name);
            if (string.IsNullOrEmpty(value))
            {
                // The name is echoed only when it looks like one: a secret pasted after "env:" by
                // mistake must not reach the log and the management API through this message.
                error = LooksLikeVariableName(name)
                    ? $"environment variable {name} is not set; {UnsetVariableFix}"
                    : $"names an environment variable that is not set and whose name is not letters, digits and _; {UnsetVariableFix}";
                return false;
            }

            secret = SecretValue.FromText(value);
            return true;
        }

        if (reference.StartsWith("file:", StringComparison.Ordinal))
        {
            var path = reference[5..];
            try
            {
                var text = File.ReadAllText(path).Trim();
                if (text.Length == 0)
                {
                    error = $"names file {path}, which is empty";
                    return false;
                }

                secret = SecretValue.FromText(text);
                return true;
            }
            catch (IOException ex)
            {
                error = $"names file {path}, which cannot be read ({ex.GetType().Name})";
                return false;
            }
            catch (UnauthorizedAccessException)
            {
                error = $"names file {path}, which this process may not read";
                return false;
            }
        }

        error = "must start with env: or file: (secrets are never written into configuration)";
        return false;
    }

    /// <summary>
    /// The fix for an unset variable. A running gateway's environment is fixed when it starts, so
    /// a policy reload can never pick up a variable exported later (docs/configuration.md).
    /// </summary>
    internal const string UnsetVariableFix =
        "set it in the gateway's environment and restart it (a running gateway does not see variables set later), or use file:/path/to/secret";

    /// <summary>Longest name echoed in a message; real variable names are far shorter.</summary>
    private const int MaxEchoedNameLength = 128;

    private static bool LooksLikeVariableName(string name)
    {
        if (name.Length is 0 or > MaxEchoedNameLength || char.IsAsciiDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }
}
