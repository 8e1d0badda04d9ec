using System.Globalization;

namespace SecureStream.Media.Rtsp;

/// <summary>One header line as received: name and value with surrounding white space removed.</summary>
internal readonly record struct RtspHeader(string Name, string Value)
{
    /// <summary>The first header of that name (case-insensitive, RFC 2326 §4.2), or null.</summary>
    public static string? Find(IReadOnlyList<RtspHeader> headers, string name)
    {
        foreach (var header in headers)
        {
            if (string.Equals(header.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return header.Value;
            }
        }

        return null;
    }

    /// <summary>A <c>CSeq</c> value (RFC 2326 §12.17): digits only, at most 9 so it fits an int; else null.</summary>
    public static int? ReadCSeq(string? value) =>
        value is { Length: > 0 and <= 9 } && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;
}
