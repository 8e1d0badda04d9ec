using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Serilog.Events;
using Serilog.Parsing;

namespace SecureStream.Policy.Audit;

/// <summary>
/// Journal first, Seq second. See <see cref="IAuditWriter.WriteAsync"/> for the guarantee.
/// </summary>
/// <remarks>
/// The Serilog event always has the one constant template <see cref="MessageTemplateText"/>; every
/// field is attached as a property (plus <c>AuditSeq</c> and <c>AuditHash</c> from the journal, so
/// Seq holds an outside copy of the chain). A value can therefore never become a template, and
/// <c>{Braces}</c> in a user agent are just characters.
/// </remarks>
internal sealed partial class AuditWriter : IAuditWriter
{
    /// <summary>The only message template audit events use.</summary>
    public const string MessageTemplateText = "Audit {EventType} {Decision} {Reason}";

    private static readonly MessageTemplate Template = new MessageTemplateParser().Parse(MessageTemplateText);

    private readonly AuditJournal _journal;
    private readonly Serilog.ILogger _auditLogger;
    private readonly ILogger _logger;
    private readonly bool _messageOnly;

    /// <summary>
    /// Creates the writer over the journal and the Serilog logger whose sinks reach Seq. With
    /// <paramref name="messageOnly"/> the copy carries only what its message shows
    /// (<c>EventType</c>, <c>Decision</c>, <c>Reason</c>): for a logger whose only sink is the
    /// console, whose lines print the message and nothing else, so the record's other fields were
    /// built per record for nobody (docs/benchmarks/admissions.md, "CPU by component").
    /// </summary>
    public AuditWriter(AuditJournal journal, Serilog.ILogger auditLogger, ILogger<AuditWriter> logger, bool messageOnly = false)
    {
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(auditLogger);
        _journal = journal;
        _auditLogger = auditLogger;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _messageOnly = messageOnly;

        // Checkpoints, retention and disk records are written by the journal itself; they are
        // audit records too, so they get the same Seq copy (checkpoints are Seq's outside anchor).
        journal.OwnRecordWritten = WriteToSerilog;
    }

    /// <inheritdoc cref="AuditWriter(AuditJournal, Serilog.ILogger, ILogger{AuditWriter})"/>
    public AuditWriter(AuditJournal journal, Serilog.ILogger auditLogger)
        : this(journal, auditLogger, NullLogger<AuditWriter>.Instance)
    {
    }

    /// <inheritdoc />
    public async ValueTask<bool> WriteAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var receipt = await _journal.AppendWithReceiptAsync(record, cancellationToken);
        WriteToSerilog(record, receipt);
        return receipt.Written;
    }

    /// <inheritdoc />
    public async ValueTask<bool> WriteBothAsync(AuditRecord first, AuditRecord second, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        var receipts = await _journal.AppendPairWithReceiptsAsync(first, second, cancellationToken);
        WriteToSerilog(first, receipts.First);
        if (receipts.Follower.Written)
        {
            // A pair that did not land is reported once, by its first record: the second describes
            // something (a session start) that the failure prevented.
            WriteToSerilog(second, receipts.Follower);
        }

        return receipts.First.Written && receipts.Follower.Written;
    }

    /// <summary>
    /// Best effort: Serilog already isolates failing sinks, and anything that still escapes
    /// (a faulty logger implementation) is logged and dropped, because Seq being down must never
    /// stop viewing.
    /// </summary>
    private void WriteToSerilog(AuditRecord record, AuditReceipt receipt)
    {
        try
        {
            var level = receipt.Written ? LogEventLevel.Information : LogEventLevel.Error;
            if (!_auditLogger.IsEnabled(level))
            {
                return;
            }

            var fields = new AuditLogEventFieldWriter(_messageOnly ? 3 : AuditLogEventFieldWriter.AllFieldsCapacity);
            fields.Add("EventType", record.EventType);
            fields.Add("Decision", record.Decision);
            fields.Add("Reason", record.ReasonCode);
            if (_messageOnly)
            {
                _auditLogger.Write(LogEvent.UnstableAssembleFromParts(record.Time, level, null, Template, fields.Properties, default, default));
                return;
            }

            fields.Add("TraceId", record.TraceId);
            if (_journal.Node is { } node)
            {
                // The journal line's node, so Seq tells the front doors of a cluster apart too.
                fields.Add("Node", node);
            }

            record.WriteFields(fields);
            fields.Properties["AuditJournaled"] = new ScalarValue(receipt.Written);
            if (receipt.Written)
            {
                fields.Properties["AuditSeq"] = new ScalarValue(receipt.Seq);
                fields.Properties["AuditHash"] = new ScalarValue(receipt.Hash);
            }

            // The event takes the collected dictionary as it is: the public constructor would copy
            // it into LogEventProperty objects and a second dictionary, which made this copy the
            // largest allocation of an admission (3 records each). No trace/span id, exactly as
            // that constructor leaves them; the record's own TraceId property carries the trace.
            _auditLogger.Write(LogEvent.UnstableAssembleFromParts(record.Time, level, null, Template, fields.Properties, default, default));
        }
        catch (Exception ex)
        {
            Log.SinkFailed(_logger, record.EventType, ex);
        }
    }
}
