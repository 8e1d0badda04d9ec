using SecureStream.Policy.Audit;

namespace SecureStream.Proxy.Cli;

/// <summary>
/// <c>verify-audit [journal]</c>: recomputes the journal's hash chain and names the first record
/// that was altered, removed, reordered or cut. Exit 0 intact, 1 broken, 2 unreadable.
/// </summary>
internal static class VerifyAuditCommand
{
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var path = args.Length > 0 ? args[0] : new AuditOptions().JournalPath;
        if (!File.Exists(path))
        {
            error.WriteLine($"verify-audit: {path} does not exist");
            return 2;
        }

        var result = AuditVerifier.Verify(path);
        if (result.IsIntact)
        {
            output.WriteLine($"{path}: intact, {result.RecordCount} records");
            return 0;
        }

        output.WriteLine($"{path}: BROKEN at line {result.FirstBadLine}: {result.Problem} ({result.RecordCount} records verified before it)");
        return 1;
    }
}
