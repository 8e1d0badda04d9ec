namespace SecureStream.Policy.Audit;

/// <summary>What <see cref="AuditJournalVerifier"/> found: every problem (bounded), notes, and counts.</summary>
internal sealed class AuditJournalReport
{
    /// <summary>Most problems listed; the first ones matter, the rest usually follow from them.</summary>
    public const int MaxProblems = 20;

    private readonly List<string> _problems = [];
    private readonly List<string> _notes = [];

    /// <summary>Set when nothing could be verified (no files, unreadable path).</summary>
    public string? Unreadable { get; set; }

    /// <summary>Each problem names the file, the line or seq, and what it means.</summary>
    public IReadOnlyList<string> Problems => _problems;

    /// <summary>Facts that are not tampering (retention, unchecked signatures, the uncovered tail).</summary>
    public IReadOnlyList<string> Notes => _notes;

    /// <summary>True when everything verified.</summary>
    public bool IsIntact => Unreadable is null && _problems.Count == 0;

    /// <summary>Records that checked out.</summary>
    public long RecordCount { get; set; }

    /// <summary>Journal files read.</summary>
    public int FileCount { get; set; }

    /// <summary>The first and last seq found.</summary>
    public long FirstSeq { get; set; }

    /// <inheritdoc cref="FirstSeq"/>
    public long LastSeq { get; set; }

    /// <summary>Checkpoints (journal lines and checkpoint-file copies) compared with the journal.</summary>
    public int CheckpointCount { get; set; }

    /// <summary>Whether checkpoint signatures were checked (a key was given).</summary>
    public bool SignaturesChecked { get; set; }

    /// <summary>Adds a problem (beyond <see cref="MaxProblems"/> only counted).</summary>
    public void Problem(string problem)
    {
        if (_problems.Count < MaxProblems)
        {
            _problems.Add(problem);
        }
    }

    /// <summary>Adds a note.</summary>
    public void Note(string note) => _notes.Add(note);
}
