using System.Text.RegularExpressions;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Metrics;

/// <summary>
/// The shipped alert rules (deploy/prometheus/) as an operator checks them with Debian's promtool:
/// every rules file passes <c>promtool check rules</c>, every unit test file passes
/// <c>promtool test rules</c>, every alert has a case that fires, and every alert's runbook
/// annotation names a paragraph that exists in docs/metrics.md.
/// </summary>
public sealed partial class AlertRulesTests
{
    private static readonly string Deploy = Path.Combine(RepositoryRoot.Find(), "deploy", "prometheus");

    [Fact]
    public async Task CheckRules_EveryShippedRulesFile_Passes()
    {
        var files = RuleFiles();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var run = await Promtool.RunAsync(["check", "rules", file], Deploy);
            Assert.True(run.ExitCode == 0, $"promtool check rules {Path.GetFileName(file)}: {run}");
            Assert.Contains("SUCCESS", run.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TestRules_EveryShippedUnitTestFile_Passes()
    {
        var files = TestFiles();
        Assert.NotEmpty(files);
        var run = await Promtool.RunAsync(["test", "rules", .. files], Deploy);
        Assert.True(run.ExitCode == 0, $"promtool test rules: {run}");
        Assert.Equal(files.Count, Regex.Count(run.Output, @"^\s*SUCCESS\s*$", RegexOptions.Multiline));
    }

    [Fact]
    public void UnitTests_EveryAlert_HasACaseThatFiresAndOneThatStaysQuiet()
    {
        var tests = string.Join('\n', TestFiles().Select(File.ReadAllText));
        var alerts = Alerts();
        Assert.NotEmpty(alerts);
        foreach (var alert in alerts)
        {
            // A case evaluating the alert with alerts expected, and one expecting none (exp_alerts: []).
            var cases = Regex.Matches(tests, $@"alertname: {alert}\s*\n\s*exp_alerts:(?<rest>[^\n]*)\n(?<next>[^\n]*)");
            Assert.Contains(cases, c => c.Groups["rest"].Value.Trim().Length == 0 && c.Groups["next"].Value.Contains("exp_labels", StringComparison.Ordinal));
            Assert.Contains(cases, c => c.Groups["rest"].Value.Trim() == "[]");
        }
    }

    [Fact]
    public void Runbooks_EveryAlert_NamesAParagraphOfTheMetricsDocument()
    {
        var headings = File.ReadAllLines(Path.Combine(RepositoryRoot.Find(), "docs", "metrics.md"))
            .Where(line => line.StartsWith('#'))
            .Select(line => Slug(line.TrimStart('#')))
            .ToHashSet();
        var rules = string.Join('\n', RuleFiles().Select(File.ReadAllText));
        var runbooks = RunbookAnnotation().Matches(rules).Select(m => m.Groups["anchor"].Value).ToList();

        Assert.Equal(Alerts().Count, runbooks.Count);
        Assert.All(runbooks, anchor => Assert.Contains(anchor, headings));
        Assert.Equal(runbooks.Count, runbooks.Distinct().Count());
    }

    [Fact]
    public async Task CheckConfig_TheExampleConfiguration_PassesWithItsTokenFileInPlace()
    {
        var directory = Directory.CreateTempSubdirectory("securestream-promconfig-").FullName;
        try
        {
            var token = Path.Combine(directory, "token");
            File.WriteAllText(token, "scrape-token");
            var configuration = PrometheusServer.WriteConfiguration(directory, "127.0.0.1:8081", token);

            var run = await Promtool.RunAsync(["check", "config", configuration], directory);

            Assert.True(run.ExitCode == 0, $"promtool check config: {run}");
            Assert.Contains($"{Alerts().Count} rules found", run.Output + run.Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static List<string> RuleFiles() =>
        [.. Directory.GetFiles(Deploy, "*.yml").Where(f => Path.GetFileName(f) != "prometheus.example.yml").Order(StringComparer.Ordinal)];

    private static List<string> TestFiles() => [.. Directory.GetFiles(Path.Combine(Deploy, "tests"), "*.yml").Order(StringComparer.Ordinal)];

    /// <summary>The names of the shipped alerts.</summary>
    internal static List<string> Alerts() =>
        [.. RuleFiles().SelectMany(f => AlertName().Matches(File.ReadAllText(f)).Select(m => m.Groups["name"].Value))];

    /// <summary>The metric names the shipped rules query (histogram series with their <c>_bucket</c>/<c>_count</c> suffix).</summary>
    internal static SortedSet<string> MetricNames() =>
        new(RuleFiles().SelectMany(f => MetricName().Matches(File.ReadAllText(f)).Select(m => m.Value)), StringComparer.Ordinal);

    // As GitHub makes a heading's anchor: lower case, punctuation dropped, spaces to hyphens.
    private static string Slug(string heading) =>
        Regex.Replace(heading.Trim().ToLowerInvariant(), @"[^\w\- ]", string.Empty).Replace(' ', '-');

    [GeneratedRegex(@"^\s*-\s*alert:\s*(?<name>\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex AlertName();

    [GeneratedRegex(@"\bsecurestream_[a-z_]+\b")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"^\s*runbook:\s*docs/metrics\.md#(?<anchor>[\w-]+)\s*$", RegexOptions.Multiline)]
    private static partial Regex RunbookAnnotation();
}
