using System.Globalization;

namespace SecureStream.Media.Rtsp;

/// <summary>The <c>Session</c> header of a SETUP response (RFC 2326 §12.37): an id and an optional timeout.</summary>
internal sealed record RtspSessionHeader(string Id, TimeSpan Timeout)
{
    /// <summary>RFC 2326 §12.37: without a stated timeout the server's is 60 seconds.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    private const int MaxIdLength = 256;

    public static bool TryParse(string? value, out RtspSessionHeader? session)
    {
        session = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        var parts = value.Split(';', StringSplitOptions.TrimEntries);
        var id = parts[0];

        // RFC 2326 §3.4: session-id = 1*( ALPHA / DIGIT / safe ); bounded because it is echoed on every request.
        if (id.Length is 0 or > MaxIdLength)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || "$-_.+".Contains(c, StringComparison.Ordinal)))
            {
                return false;
            }
        }

        var timeout = DefaultTimeout;
        foreach (var part in parts.AsSpan(1))
        {
            if (part.StartsWith("timeout=", StringComparison.OrdinalIgnoreCase)
                && int.TryParse(part.AsSpan("timeout=".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                && seconds is >= 1 and <= 86400)
            {
                timeout = TimeSpan.FromSeconds(seconds);
            }
        }

        session = new RtspSessionHeader(id, timeout);
        return true;
    }
}
