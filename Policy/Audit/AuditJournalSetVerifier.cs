namespace SecureStream.Policy.Audit;

/// <summary>
/// <c>verify-audit</c> over the journals of a cluster, one per front door (docs/audit.md, audit in a
/// cluster): each journal is verified on its own (<see cref="AuditJournalVerifier"/>: its chain,
/// files, checkpoints, and one node throughout), no two journals may claim the same node — a
/// node's journal given twice under two names, or two front doors sharing a node id, would let one
/// journal's records stand in for another's — and no two may start with the same record (a copy,
/// also of journals written before node ids).
/// </summary>
internal static class AuditJournalSetVerifier
{
    /// <summary>
    /// Verifies every journal named by <paramref name="paths"/>: an active file, or a directory
    /// holding one journal (verified under the directory's name, as a single journal always was),
    /// several journals (each), or none at its top but journals one level down (each subdirectory's,
    /// the layout of every front door's audit directory collected side by side). A journal reached
    /// twice is verified once. Never throws for I/O or content reasons.
    /// </summary>
    public static AuditJournalSetReport Verify(IReadOnlyList<string> paths, AuditCheckpointKey? key)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var set = new AuditJournalSetReport();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var journal in paths.SelectMany(Expand))
        {
            if (seen.Add(Identity(journal)))
            {
                set.Add(journal, AuditJournalVerifier.Verify(journal, key));
            }
        }

        var claims = set.Journals
            .SelectMany(journal => journal.Report.Nodes.Select(node => (Node: node, journal.Path)))
            .GroupBy(claim => claim.Node, StringComparer.Ordinal);
        foreach (var claim in claims.Where(group => group.Count() > 1))
        {
            set.Problem("node " + claim.Key + " is claimed by " + claim.Count() + " journals (" + string.Join(", ", claim.Select(c => c.Path))
                + "): a journal was copied, or front doors share a node id (give each its own Cluster:NodeId)");
        }

        // Whatever the nodes say: two journals that start with the same record are one journal twice.
        var copies = set.Journals.Where(journal => journal.Report.FirstHash is not null).GroupBy(journal => journal.Report.FirstHash, StringComparer.Ordinal);
        foreach (var copy in copies.Where(group => group.Count() > 1))
        {
            set.Problem(string.Join(", ", copy.Select(c => c.Path)) + " start with the same record (hash " + copy.Key + "): one journal was copied");
        }

        var unnamed = set.Journals.Where(journal => journal.Report.RecordCount > 0 && journal.Report.Node is null).ToList();
        if (set.Journals.Count > 1 && unnamed.Count > 0)
        {
            set.Note(string.Join(", ", unnamed.Select(journal => journal.Path))
                + ": no node id (written before node ids): only a whole copy (the same first record) can be told apart from another front door's journal");
        }

        return set;
    }

    private static IEnumerable<string> Expand(string path)
    {
        if (!Directory.Exists(path))
        {
            return [path];
        }

        var journals = Journals(path);
        if (journals.Count > 1)
        {
            return journals;
        }

        // One journal (or its rotated files only): the directory itself, as verify-audit always took it.
        return journals.Count == 1 || HoldsRotatedFiles(path) ? [path] : Nested(path);
    }

    /// <summary>The journals one level down, each subdirectory's (or the directory itself when there are none, to be reported as empty).</summary>
    private static List<string> Nested(string directory)
    {
        var nested = new List<string>();
        foreach (var subdirectory in Directory.EnumerateDirectories(directory).Order(StringComparer.Ordinal))
        {
            var journals = Journals(subdirectory);
            if (journals.Count == 1 || (journals.Count == 0 && HoldsRotatedFiles(subdirectory)))
            {
                nested.Add(subdirectory);
            }
            else
            {
                nested.AddRange(journals);
            }
        }

        return nested.Count > 0 ? nested : [directory];
    }

    /// <summary>The active files in <paramref name="directory"/> (<c>*.jsonl</c> that are not rotated files), in name order.</summary>
    private static List<string> Journals(string directory) =>
        [.. Directory.EnumerateFiles(directory, "*.jsonl")
            .Where(path => !AuditJournalFiles.IsRotatedName(Path.GetFileName(path)))
            .Order(StringComparer.Ordinal)];

    private static bool HoldsRotatedFiles(string directory) =>
        Directory.EnumerateFiles(directory, "*.jsonl").Any(path => AuditJournalFiles.IsRotatedName(Path.GetFileName(path)));

    /// <summary>What makes two arguments the same journal: the active file's full path.</summary>
    private static string Identity(string journal)
    {
        if (!Directory.Exists(journal))
        {
            return Path.GetFullPath(journal);
        }

        var journals = Journals(journal);
        return Path.GetFullPath(journals.Count == 1 ? journals[0] : Path.Combine(journal, Path.GetFileName(new AuditOptions().JournalPath)));
    }
}
