using System.Text.Json;

namespace SecureStream.Proxy.Tests.Management;

/// <summary>
/// Compares the shape of two JSON documents: every field of <c>expected</c> (OME's documented
/// example) must be in <c>actual</c> (our response) at the same path with the same JSON type —
/// number, string, boolean, object, array — while extra fields in <c>actual</c> are ours and
/// allowed. Array elements are compared by kind: the fields of all of OME's elements with the same
/// <c>type</c> value (a track's <c>Video</c>/<c>Audio</c>) are required of each of our elements with
/// that value, and each such kind of OME's must occur in ours.
/// </summary>
internal static class JsonShape
{
    /// <summary>The differences, one line each (<c>$.response.input.tracks[Video].video.width: missing</c>); empty when the shapes match.</summary>
    public static IReadOnlyList<string> Compare(JsonElement expected, JsonElement actual, IReadOnlySet<string>? notRequired = null)
    {
        var problems = new List<string>();
        Walk("$", expected, actual, notRequired ?? new HashSet<string>(), problems);
        return problems;
    }

    private static void Walk(string path, JsonElement expected, JsonElement actual, IReadOnlySet<string> notRequired, List<string> problems)
    {
        if (notRequired.Contains(path))
        {
            return;
        }

        if (KindOf(expected) != KindOf(actual))
        {
            problems.Add($"{path}: OME has {KindOf(expected)}, ours {KindOf(actual)}");
            return;
        }

        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in expected.EnumerateObject())
                {
                    var child = path + "." + property.Name;
                    if (notRequired.Contains(child))
                    {
                        continue;
                    }

                    if (!actual.TryGetProperty(property.Name, out var value))
                    {
                        problems.Add(child + ": missing");
                        continue;
                    }

                    Walk(child, property.Value, value, notRequired, problems);
                }

                break;
            case JsonValueKind.Array:
                CompareElements(path, expected, actual, notRequired, problems);
                break;
        }
    }

    private static void CompareElements(string path, JsonElement expected, JsonElement actual, IReadOnlySet<string> notRequired, List<string> problems)
    {
        foreach (var group in expected.EnumerateArray().GroupBy(Discriminator))
        {
            var element = $"{path}[{group.Key}]";
            var ours = actual.EnumerateArray().Where(e => Discriminator(e) == group.Key).ToList();
            if (ours.Count == 0)
            {
                problems.Add(element + ": no element of this kind");
                continue;
            }

            var union = Union(group);
            foreach (var mine in ours)
            {
                Walk(element, union, mine, notRequired, problems);
            }
        }
    }

    /// <summary>A track's <c>type</c>, else the element's JSON kind: OME's arrays mix kinds only by <c>type</c>.</summary>
    private static string Discriminator(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
            ? type.GetString()!
            : KindOf(element);

    /// <summary>The fields of all the elements merged into one object (nested objects merged too); a non-object group is its first element.</summary>
    private static JsonElement Union(IEnumerable<JsonElement> elements)
    {
        var list = elements.ToList();
        if (list[0].ValueKind != JsonValueKind.Object)
        {
            return list[0];
        }

        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            WriteMerged(writer, list);
        }

        return JsonDocument.Parse(stream.ToArray()).RootElement.Clone();
    }

    private static void WriteMerged(Utf8JsonWriter writer, IReadOnlyList<JsonElement> objects)
    {
        writer.WriteStartObject();
        foreach (var name in objects.SelectMany(o => o.EnumerateObject().Select(p => p.Name)).Distinct(StringComparer.Ordinal))
        {
            var values = objects.Select(o => o.TryGetProperty(name, out var v) ? v : default).Where(v => v.ValueKind != JsonValueKind.Undefined).ToList();
            writer.WritePropertyName(name);
            if (values.All(v => v.ValueKind == JsonValueKind.Object))
            {
                WriteMerged(writer, values);
            }
            else
            {
                values[0].WriteTo(writer);
            }
        }

        writer.WriteEndObject();
    }

    private static string KindOf(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Number => "number",
        JsonValueKind.String => "string",
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
