using System.Text;
using static SecureStream.Policy.Audit.AuditJournalVerifier;

namespace SecureStream.Policy.Audit;

/// <summary>
/// <c>verify-audit</c>'s rule for the envelope's <c>node</c>: a journal holds one node's records
/// (docs/audit.md, records of a cluster). Records without a node are accepted only before the
/// first record that carries one — a journal started before node ids and continued after the
/// upgrade. A record naming another node than the one before it, or a record without a node after
/// node records, means records of two journals were mixed (a file copied from another front door,
/// or <c>Cluster:NodeId</c> changed under an existing journal, which the journal itself refuses).
/// One problem per switch, not per record.
/// </summary>
internal sealed class AuditJournalNodeCheck(AuditJournalReport report)
{
    private byte[] _last = [];
    private string _lastText = string.Empty;
    private bool _lastHadNode;

    /// <summary>Checks the record at <paramref name="seq"/> whose raw <c>node</c> value is <paramref name="node"/> (empty: none).</summary>
    public void Record(ReadOnlySpan<byte> node, long seq, string file, long lineNumber)
    {
        if (node.IsEmpty)
        {
            if (report.Node is null)
            {
                report.PreNodeRecordCount++;
            }
            else if (_lastHadNode)
            {
                report.Problem(At(file, lineNumber) + "the record at seq " + Number(seq) + " carries no node, but the records before it were written by node "
                    + _lastText + ": a record of another journal, written before node ids, was mixed in");
            }

            _lastHadNode = false;
            return;
        }

        _lastHadNode = true;
        if (node.SequenceEqual(_last))
        {
            return;
        }

        var text = Encoding.ASCII.GetString(node);
        if (report.Node is not null)
        {
            report.Problem(At(file, lineNumber) + "the record at seq " + Number(seq) + " was written by node " + text + ", but the records before it by node "
                + _lastText + ": records of two nodes are mixed in one journal (a file copied from another front door's journal)");
        }

        report.AddNode(text);
        _last = node.ToArray();
        _lastText = text;
    }

    /// <summary>Notes records written before node ids.</summary>
    public void Finish()
    {
        if (report.RecordCount == 0)
        {
            return;
        }

        if (report.Node is null)
        {
            report.Note("no record carries a node id (the journal was written before node ids): its node cannot be checked");
        }
        else if (report.PreNodeRecordCount > 0)
        {
            report.Note("the first " + Number(report.PreNodeRecordCount) + " record(s) carry no node id (written before node ids); node " + report.Node + " wrote the rest");
        }
    }
}
