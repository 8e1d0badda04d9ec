namespace SecureStream.Policy.Audit;

/// <summary>What <see cref="AuditJournalSetVerifier"/> found: each journal's report, and the problems of the set as a whole.</summary>
internal sealed class AuditJournalSetReport
{
    private readonly List<(string Path, AuditJournalReport Report)> _journals = [];
    private readonly List<string> _problems = [];
    private readonly List<string> _notes = [];

    /// <summary>Each journal as given (or found in a directory) and its report, in the order given.</summary>
    public IReadOnlyList<(string Path, AuditJournalReport Report)> Journals => _journals;

    /// <summary>Problems across journals (two journals claiming one node).</summary>
    public IReadOnlyList<string> Problems => _problems;

    /// <summary>Facts about the set that are not tampering.</summary>
    public IReadOnlyList<string> Notes => _notes;

    /// <summary>True when every journal verified and the set has no problem.</summary>
    public bool IsIntact => _journals.Count > 0 && _problems.Count == 0 && _journals.All(journal => journal.Report.IsIntact);

    /// <summary>True when some journal could not be read at all.</summary>
    public bool AnyUnreadable => _journals.Any(journal => journal.Report.Unreadable is not null);

    /// <summary>Adds a journal's report.</summary>
    public void Add(string path, AuditJournalReport report) => _journals.Add((path, report));

    /// <summary>Adds a problem of the set.</summary>
    public void Problem(string problem) => _problems.Add(problem);

    /// <summary>Adds a note about the set.</summary>
    public void Note(string note) => _notes.Add(note);
}
