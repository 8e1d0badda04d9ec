using System.Text.Json;

namespace SecureStream.Media.Cameras;

/// <summary>
/// Parses an OriginMapStore value into camera URLs. Three forms, all full <c>rtsp://</c> or
/// <c>rtsps://</c> URLs: one URL (OME's form), a JSON array of URLs
/// (<c>["rtsp://a/1","rtsp://b/1"]</c>), or a comma-separated list (<c>rtsp://a/1,rtsp://b/1</c>;
/// a literal comma inside a URL must be percent-encoded as <c>%2C</c>). Several URLs = failover.
/// A fourth form names a substream too: a JSON object
/// <c>{"urls":[…],"substreamUrls":[…]}</c> (ours; docs/cameras.md "Substreams").
/// </summary>
internal static class RedisOriginMapValue
{
    /// <summary>Longest value read.</summary>
    public const int MaxLength = 16 * 1024;

    /// <summary>Most URLs in one value.</summary>
    public const int MaxUrls = OriginMapOptionsValidator.MaxUrls;

    /// <summary>The URLs, or null with a reason that never repeats the value (it may hold a password).</summary>
    public static IReadOnlyList<CameraUrl>? TryParse(string value, out string? problem) => TryParse(value, out _, out problem);

    /// <summary>
    /// The URLs and the substream's (empty unless the value is the object form), or null with a
    /// reason that never repeats the value.
    /// </summary>
    public static IReadOnlyList<CameraUrl>? TryParse(string value, out IReadOnlyList<CameraUrl> substreamUrls, out string? problem)
    {
        problem = null;
        substreamUrls = [];
        if (value.Length > MaxLength)
        {
            problem = $"is longer than {MaxLength} characters";
            return null;
        }

        var trimmed = value.Trim();
        List<string> texts;
        if (trimmed.StartsWith('{'))
        {
            if (!TryReadObject(trimmed, out texts, out var substreamTexts))
            {
                problem = "starts with '{' but is not {\"urls\":[…],\"substreamUrls\":[…]} with strings only";
                return null;
            }

            if (substreamTexts.Count > MaxUrls)
            {
                problem = $"must hold at most {MaxUrls} substream URLs";
                return null;
            }

            var substream = ParseAll(substreamTexts, "substream URL", out problem);
            if (substream is null)
            {
                return null;
            }

            substreamUrls = substream;
        }
        else if (trimmed.StartsWith('['))
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

        return ParseAll(texts, "URL", out problem);
    }

    private static List<CameraUrl>? ParseAll(List<string> texts, string what, out string? problem)
    {
        var urls = CameraUrl.TryParseAll(texts, out var index, out var error);
        problem = urls is null ? $"{what} {index} {error}" : null;
        return urls;
    }

    /// <summary>The object form, strictly: <c>urls</c> required, <c>substreamUrls</c> optional, both arrays of strings, nothing else.</summary>
    private static bool TryReadObject(string json, out List<string> urls, out List<string> substreamUrls)
    {
        urls = [];
        substreamUrls = [];
        var seenUrls = false;
        try
        {
            using var document = JsonDocument.Parse(json);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var target = property.Name switch
                {
                    "urls" when !seenUrls => urls,
                    "substreamUrls" when substreamUrls.Count == 0 => substreamUrls,
                    _ => null,
                };
                if (target is null || property.Value.ValueKind != JsonValueKind.Array)
                {
                    return false;
                }

                seenUrls |= property.Name == "urls";
                foreach (var item in property.Value.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.String || target.Count > MaxUrls)
                    {
                        return false;
                    }

                    target.Add(item.GetString()!);
                }
            }
        }
        catch (JsonException)
        {
            return false;
        }

        return seenUrls;
    }
}
