namespace SecureStream.Policy.Audit;

/// <summary>What <see cref="AuditJournalVerifier"/> found: every problem (bounded), notes, and counts.</summary>
internal sealed class AuditJournalReport
{
    /// <summary>Most problems listed; the first ones matter, the rest usually follow from them.</summary>
    public const int MaxProblems = 20;

    private readonly List<string> _problems = [];
    private readonly List<string> _notes = [];
    private readonly List<string> _nodes = [];

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

    /// <summary>The <c>hash</c> of the first record read (two journals starting with the same record are copies); null when none was.</summary>
    public string? FirstHash { get; set; }

    /// <summary>The envelope <c>time</c> of the first and the last record read; null when none was.</summary>
    public string? FirstTime { get; set; }

    /// <inheritdoc cref="FirstTime"/>
    public string? LastTime { get; set; }

    /// <summary>The node id of the journal's first record that carries one; null when none does (written before node ids).</summary>
    public string? Node => _nodes.Count > 0 ? _nodes[0] : null;

    /// <summary>Every node id found, in order of first appearance (more than one: a mixed journal, reported as a problem).</summary>
    public IReadOnlyList<string> Nodes => _nodes;

    /// <summary>Records read before the first one with a node (written before node ids).</summary>
    public long PreNodeRecordCount { get; set; }

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

    /// <summary>Adds a node id found in the journal (kept once; bounded like the problems).</summary>
    public void AddNode(string node)
    {
        if (_nodes.Count < MaxProblems && !_nodes.Contains(node))
        {
            _nodes.Add(node);
        }
    }

    /// <summary>Adds a note.</summary>
    public void Note(string note) => _notes.Add(note);
}
