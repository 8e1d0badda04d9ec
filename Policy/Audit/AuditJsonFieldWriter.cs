using System.Text.Json;

namespace SecureStream.Policy.Audit;

/// <summary>
/// Writes record fields into a journal line. Security invariant: every string goes through
/// <see cref="AuditText.BoundEscaped"/> (the bound is on the escaped length) and then the JSON encoder (<see cref="System.Text.Encodings.Web.JavaScriptEncoder.Default"/>),
/// which escapes quotes, backslashes, every control character (CR, LF, ESC, NUL…) and all
/// non-ASCII, so a value is always exactly one JSON string on one line.
/// </summary>
internal sealed class AuditJsonFieldWriter(Utf8JsonWriter json) : IAuditFieldWriter
{
    /// <inheritdoc />
    public void WriteString(string name, string? value, int maxLength = AuditLimits.MaxValueLength)
    {
        if (value is not null)
        {
            json.WriteString(name, AuditText.BoundEscaped(value, maxLength));
        }
    }

    /// <inheritdoc />
    public void WriteNumber(string name, long? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
    }

    /// <inheritdoc />
    public void WriteBoolean(string name, bool? value)
    {
        if (value is { } flag)
        {
            json.WriteBoolean(name, flag);
        }
    }
}
