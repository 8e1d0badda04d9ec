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
                error = $"names environment variable {name}, which is not set";
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
}
