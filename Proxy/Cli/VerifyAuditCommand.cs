using System.Globalization;
using SecureStream.Policy.Audit;
using SecureStream.Policy.Secrets;
using SecureStream.Proxy.Hosting;

namespace SecureStream.Proxy.Cli;

/// <summary>
/// <c>verify-audit [journal file or directory] [--checkpoint-key env:NAME|file:PATH]</c>: verifies
/// every journal file in seq order (the chain within and across files, where retention says the
/// kept history starts) and the signed checkpoints, and names each problem: an altered, removed or
/// reordered record, a deleted or replaced file, a cut-off or rewritten tail (docs/audit.md).
/// Exit 0 intact, 1 broken, 2 nothing to verify or a bad argument.
/// </summary>
internal static class VerifyAuditCommand
{
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        string? path = null;
        string? keyReference = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--checkpoint-key" && i + 1 < args.Length)
            {
                keyReference = args[++i];
            }
            else if (args[i].StartsWith('-') || path is not null)
            {
                error.WriteLine($"verify-audit: unexpected argument '{args[i]}'");
                GatewayCommandLine.PrintUsage(error);
                return 2;
            }
            else
            {
                path = args[i];
            }
        }

        var configured = Configured();
        path ??= configured.JournalPath;
        AuditCheckpointKey? key = null;
        string? keyNote = null;
        if (keyReference is not null)
        {
            if (!TryResolve(keyReference, out key, out var problem))
            {
                error.WriteLine($"verify-audit: --checkpoint-key {problem}");
                return 2;
            }
        }
        else if (!string.IsNullOrEmpty(configured.CheckpointKey) && !TryResolve(configured.CheckpointKey, out key, out var problem))
        {
            keyNote = "the configured Audit:CheckpointKey " + problem;
        }

        var report = AuditJournalVerifier.Verify(path, key);
        if (report.Unreadable is { } unreadable)
        {
            error.WriteLine($"verify-audit: {unreadable}");
            return 2;
        }

        var summary = string.Create(CultureInfo.InvariantCulture,
            $"{report.RecordCount} records in {report.FileCount} file(s), seq {report.FirstSeq}–{report.LastSeq}, {report.CheckpointCount} checkpoint(s){(report.SignaturesChecked ? ", signatures verified" : string.Empty)}");
        output.WriteLine(report.IsIntact
            ? $"{path}: intact, {summary}"
            : $"{path}: BROKEN, {report.Problems.Count} problem(s); read {summary}");
        foreach (var problem in report.Problems)
        {
            output.WriteLine("  problem: " + problem);
        }

        if (keyNote is not null)
        {
            output.WriteLine("  note: " + keyNote);
        }

        foreach (var note in report.Notes)
        {
            output.WriteLine("  note: " + note);
        }

        return report.IsIntact ? 0 : 1;
    }

    private static bool TryResolve(string reference, out AuditCheckpointKey? key, out string problem)
    {
        key = null;
        if (!SecretReference.TryResolve(reference, out var secret, out problem))
        {
            return false;
        }

        if (secret!.Length < AuditCheckpointKey.MinimumLength)
        {
            problem = "is shorter than 16 bytes";
            return false;
        }

        key = new AuditCheckpointKey(secret.Span);
        return true;
    }

    /// <summary>The journal path and checkpoint key from the same files and variables as <c>run</c>.</summary>
    private static AuditOptions Configured()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables(GatewayHost.EnvironmentPrefix)
            .Build();
        return configuration.GetSection(AuditOptions.SectionName).Get<AuditOptions>() ?? new AuditOptions();
    }
}
