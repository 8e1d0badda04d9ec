using System.Text;
using System.Text.RegularExpressions;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Docs;

/// <summary>
/// One fenced code block of a page in docs/, exactly as written, with the marker before it:
/// <c>&lt;!-- sample: NAME --&gt;</c> (run by <see cref="DocSampleTests"/>), <c>&lt;!-- sample:
/// skip, REASON --&gt;</c> (not runnable, and why), or inside a section opened by
/// <c>&lt;!-- samples: NAME (…) --&gt;</c>, which marks every block up to the next heading.
/// </summary>
internal sealed partial record DocSample(string Doc, int Line, string Language, string Code, string? Name, bool Skipped)
{
    /// <summary>The pages whose runnable blocks must all be marked: what an integrator pastes from.</summary>
    public static readonly string[] CoveredDocs = ["links.md", "webhooks.md", "audit.md", "reason-codes.md", "pages.md"];

    /// <summary>Info strings of languages the test machine runs (or that a marker must call not runnable).</summary>
    public static readonly string[] RunnableLanguages = ["python", "py", "js", "javascript", "mjs", "cjs", "sh", "bash", "shell", "console", "csharp", "cs", "c#", "go", "sql"];

    public override string ToString() => $"docs/{Doc}:{Line} ({(Language.Length == 0 ? "no language" : Language)})";

    /// <summary>Every fenced block of a page, in order.</summary>
    public static IReadOnlyList<DocSample> Read(string doc)
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot.Find(), "docs", doc));
        var samples = new List<DocSample>();
        string? section = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith('#'))
            {
                section = null;
                continue;
            }

            if (SectionMarker().Match(line) is { Success: true } opened)
            {
                section = opened.Groups[1].Value;
                continue;
            }

            var fence = Fence().Match(line);
            if (!fence.Success)
            {
                continue;
            }

            var indent = fence.Groups[1].Value;
            var code = new StringBuilder();
            var start = i + 1;
            for (i++; i < lines.Length && lines[i].TrimEnd() != indent + "```"; i++)
            {
                code.Append(lines[i].StartsWith(indent, StringComparison.Ordinal) ? lines[i][indent.Length..] : lines[i]).Append('\n');
            }

            var marker = start >= 2 ? SampleMarker().Match(lines[start - 2]) : Match.Empty;
            var name = marker.Success ? marker.Groups[1].Value : section;
            samples.Add(new DocSample(doc, start, fence.Groups[2].Value, code.ToString(), name == "skip" ? null : name, name == "skip"));
        }

        return samples;
    }

    /// <summary>The one block marked <paramref name="name"/> in <paramref name="doc"/>.</summary>
    public static DocSample Named(string doc, string name) =>
        Read(doc).SingleOrDefault(s => s.Name == name)
        ?? throw new InvalidOperationException($"docs/{doc} has no block marked <!-- sample: {name} -->");

    [GeneratedRegex(@"^(\s*)```(\S*)")]
    private static partial Regex Fence();

    [GeneratedRegex(@"^<!-- sample: ([a-z0-9-]+)(?:,[^>]*)? -->$")]
    private static partial Regex SampleMarker();

    [GeneratedRegex(@"^<!-- samples: ([a-z0-9-]+)\b.* -->$")]
    private static partial Regex SectionMarker();
}
