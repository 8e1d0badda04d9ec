using System.Collections.Concurrent;
using System.Text;
using Serilog.Events;

namespace SecureStream.Policy.Audit;

/// <summary>
/// Collects record fields as Serilog properties (snake_case field names become PascalCase
/// property names). Security invariant: strings are bounded and then
/// <see cref="AuditText.ForDisplay"/>-escaped, so even a sink that prints values verbatim (the
/// console) cannot be fed a line break or a terminal escape; values are properties only, never
/// part of the message template.
/// </summary>
internal sealed class AuditLogEventFieldWriter : IAuditFieldWriter
{
    /// <summary>Room for the envelope's properties and the largest record's fields.</summary>
    public const int AllFieldsCapacity = 24;

    private static readonly ConcurrentDictionary<string, string> PropertyNames = new(StringComparer.Ordinal);

    /// <summary>A writer with room for <see cref="AllFieldsCapacity"/> properties.</summary>
    public AuditLogEventFieldWriter()
        : this(AllFieldsCapacity)
    {
    }

    /// <summary>A writer with room for <paramref name="capacity"/> properties before it grows.</summary>
    public AuditLogEventFieldWriter(int capacity) => Properties = new(capacity, StringComparer.Ordinal);

    /// <summary>The collected properties, by name; a later write of a name replaces the earlier one.</summary>
    public Dictionary<string, LogEventPropertyValue> Properties { get; }

    /// <summary>Adds a string property named exactly <paramref name="propertyName"/>.</summary>
    public void Add(string propertyName, string? value, int maxLength = AuditLimits.MaxValueLength) =>
        Properties[propertyName] = new ScalarValue(value is null ? null : AuditText.ForDisplay(AuditText.BoundEscaped(value, maxLength)));

    /// <inheritdoc />
    public void WriteString(string name, string? value, int maxLength = AuditLimits.MaxValueLength)
    {
        if (value is not null)
        {
            Add(ToPropertyName(name), value, maxLength);
        }
    }

    /// <inheritdoc />
    public void WriteNumber(string name, long? value)
    {
        if (value is { } number)
        {
            Properties[ToPropertyName(name)] = new ScalarValue(number);
        }
    }

    /// <inheritdoc />
    public void WriteBoolean(string name, bool? value)
    {
        if (value is { } flag)
        {
            Properties[ToPropertyName(name)] = new ScalarValue(flag);
        }
    }

    /// <summary><c>client_ip_source</c> → <c>ClientIpSource</c>.</summary>
    internal static string ToPropertyName(string name) => PropertyNames.GetOrAdd(name, static snake =>
    {
        var builder = new StringBuilder(snake.Length);
        var upper = true;
        foreach (var c in snake)
        {
            if (c == '_')
            {
                upper = true;
                continue;
            }

            builder.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }

        return builder.ToString();
    });
}
