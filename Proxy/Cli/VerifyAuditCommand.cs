using System.Globalization;
using SecureStream.Policy.Audit;
using SecureStream.Policy.Secrets;
using SecureStream.Proxy.Hosting;

namespace SecureStream.Proxy.Cli;

/// <summary>
/// <c>verify-audit [journal file or directory ...] [--checkpoint-key env:NAME|file:PATH]</c>:
/// verifies every journal file in seq order (the chain within and across files, where retention
/// says the kept history starts), the signed checkpoints and that the journal holds one node's
/// records, and names each problem: an altered, removed or reordered record, a deleted or replaced
/// file, a cut-off or rewritten tail, records of two nodes mixed (docs/audit.md). Given several
/// journals — a cluster's, one per front door — it verifies each and that no two claim the same
/// node, and ends with an overall line. Exit 0 intact, 1 broken, 2 nothing to verify (at some
/// path) or a bad argument.
/// </summary>
internal static class VerifyAuditCommand
{
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var paths = new List<string>();
        string? keyReference = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--checkpoint-key" && i + 1 < args.Length)
            {
                keyReference = args[++i];
            }
            else if (args[i].StartsWith('-'))
            {
                error.WriteLine($"verify-audit: unexpected argument '{args[i]}'");
                GatewayCommandLine.PrintUsage(error);
                return 2;
            }
            else
            {
                paths.Add(args[i]);
            }
        }

        var configured = Configured();
        if (paths.Count == 0)
        {
            paths.Add(configured.JournalPath);
        }

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

        var set = AuditJournalSetVerifier.Verify(paths, key);
        foreach (var (path, report) in set.Journals)
        {
            PrintJournal(path, report, keyNote, output, error);
        }

        if (set.Journals.Count > 1)
        {
            PrintOverall(set, output);
        }

        return set.AnyUnreadable ? 2 : set.IsIntact ? 0 : 1;
    }

    /// <summary>One journal: the verdict line, its node and time span, each problem, each note.</summary>
    private static void PrintJournal(string path, AuditJournalReport report, string? keyNote, TextWriter output, TextWriter error)
    {
        if (report.Unreadable is { } unreadable)
        {
            error.WriteLine($"verify-audit: {unreadable}");
            return;
        }

        var summary = string.Create(CultureInfo.InvariantCulture,
            $"{report.RecordCount} records in {report.FileCount} file(s), seq {report.FirstSeq}–{report.LastSeq}, {report.CheckpointCount} checkpoint(s){(report.SignaturesChecked ? ", signatures verified" : string.Empty)}");
        output.WriteLine(report.IsIntact
            ? $"{path}: intact, {summary}"
            : $"{path}: BROKEN, {report.Problems.Count} problem(s); read {summary}");
        var node = report.Nodes.Count switch
        {
            0 => "none (written before node ids)",
            1 => report.Nodes[0],
            _ => string.Join(", ", report.Nodes) + " (mixed)",
        };
        output.WriteLine(report.FirstTime is null ? $"  node: {node}" : $"  node: {node}, records {report.FirstTime} – {report.LastTime}");
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
    }

    /// <summary>The set: one overall verdict line, then the problems and notes across journals.</summary>
    private static void PrintOverall(AuditJournalSetReport set, TextWriter output)
    {
        var journals = set.Journals.Count;
        var readable = set.Journals.Where(journal => journal.Report.Unreadable is null).ToList();
        var nodes = string.Join(", ", readable.SelectMany(journal => journal.Report.Nodes).Distinct(StringComparer.Ordinal));
        var records = readable.Sum(journal => journal.Report.RecordCount);
        if (set.IsIntact)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"overall: intact, {journals} journals, {records} records, nodes {(nodes.Length > 0 ? nodes : "none")}"));
        }
        else
        {
            var broken = readable.Count(journal => !journal.Report.IsIntact);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"overall: BROKEN, {broken} of {journals} journals broken, {journals - readable.Count} unreadable, {set.Problems.Count} problem(s) across journals"));
        }

        foreach (var problem in set.Problems)
        {
            output.WriteLine("  problem: " + problem);
        }

        foreach (var note in set.Notes)
        {
            output.WriteLine("  note: " + note);
        }
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
