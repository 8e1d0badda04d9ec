using System.Text.Json;

namespace SecureStream.Media.Cameras;

/// <summary>
/// Parses an OriginMapStore value into camera URLs. Three forms, all full <c>rtsp://</c> or
/// <c>rtsps://</c> URLs: one URL (OME's form), a JSON array of URLs
/// (<c>["rtsp://a/1","rtsp://b/1"]</c>), or a comma-separated list (<c>rtsp://a/1,rtsp://b/1</c>;
/// a literal comma inside a URL must be percent-encoded as <c>%2C</c>). Several URLs = failover.
/// </summary>
internal static class RedisOriginMapValue
{
    /// <summary>Longest value read.</summary>
    public const int MaxLength = 16 * 1024;

    /// <summary>Most URLs in one value.</summary>
    public const int MaxUrls = OriginMapOptionsValidator.MaxUrls;

    /// <summary>The URLs, or null with a reason that never repeats the value (it may hold a password).</summary>
    public static IReadOnlyList<CameraUrl>? TryParse(string value, out string? problem)
    {
        problem = null;
        if (value.Length > MaxLength)
        {
            problem = $"is longer than {MaxLength} characters";
            return null;
        }

        var trimmed = value.Trim();
        List<string> texts;
        if (trimmed.StartsWith('['))
        {
            try
            {
                texts = JsonSerializer.Deserialize(trimmed, CameraValueJsonContext.Default.ListString) ?? [];
            }
            catch (JsonException)
            {
                problem = "starts with '[' but is not a JSON array of strings";
                return null;
            }
        }
        else
        {
            texts = trimmed.Split(',', StringSplitOptions.TrimEntries).ToList();
        }

        if (texts.Count is 0 or > MaxUrls)
        {
            problem = $"must hold 1 to {MaxUrls} URLs";
            return null;
        }

        var urls = new List<CameraUrl>(texts.Count);
        for (var i = 0; i < texts.Count; i++)
        {
            if (!CameraUrl.TryParse(texts[i], out var url, out var error))
            {
                problem = $"URL {i} {error}";
                return null;
            }

            urls.Add(url!);
        }

        return urls;
    }
}
