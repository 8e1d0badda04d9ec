using System.Net;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using SecureStream.Policy.Admission;
using SecureStream.Policy.Audit;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Deploy;

/// <summary>
/// The Seq signals and dashboards in deploy/seq (docs/audit.md, "Seq signals and dashboards"):
/// each file is a seqcli template (JSON with <c>ref("file")</c> links) with the fields Seq's import
/// needs, every link names a file beside it, and every property a filter, column, measurement or
/// grouping names is one the audit events really carry. The schema is derived from the code: each
/// audit record type is filled and written through the field writer the Seq copy uses, and the
/// envelope (EventType, Stream, AuditSeq, …) is what a running gateway really sent to a Seq.
/// </summary>
public sealed partial class SeqTemplateTests
{
    private static readonly string[] DisplayTypes = ["Line", "Bar", "Point", "Value", "Pie", "Table"];

    private static string Folder => Path.Combine(RepositoryRoot.Find(), "deploy", "seq");

    private static readonly string[] Groupings = ["Inferred", "Explicit", "None"];

    public static TheoryData<string> Files => [.. Directory.EnumerateFiles(Folder, "*.template").Select(f => Path.GetFileName(f)).Order()];

    [Fact]
    public void Folder_HoldsTheSignalsAndDashboardsTheDocsName()
    {
        var names = Directory.EnumerateFiles(Folder, "*.template").Select(Path.GetFileName).ToList();
        Assert.Contains(names, n => n!.StartsWith("dashboard-", StringComparison.Ordinal));
        Assert.True(names.Count(n => n!.StartsWith("signal-", StringComparison.Ordinal)) >= 6, string.Join(", ", names));
        var audit = File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "docs", "audit.md"));
        foreach (var name in names)
        {
            Assert.Contains(Path.GetFileNameWithoutExtension(name!)[(name!.IndexOf('-', StringComparison.Ordinal) + 1)..], audit, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Template_ParsesWithTheFieldsSeqImports_LinksResolve(string file)
    {
        var root = Parse(file);
        var entity = root.GetProperty("$entity").GetString();
        var title = root.GetProperty("Title").GetString();
        Assert.False(string.IsNullOrWhiteSpace(title));
        // seqcli names an exported entity's file "<entity>-<title>.template"; links use the file name.
        Assert.Equal($"{entity}-{title}.template", file);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("OwnerId").ValueKind);
        if (entity == "signal")
        {
            var filters = root.GetProperty("Filters").EnumerateArray().ToList();
            Assert.NotEmpty(filters);
            Assert.All(filters, f => Assert.False(string.IsNullOrWhiteSpace(f.GetProperty("Filter").GetString())));
            Assert.All(root.GetProperty("Columns").EnumerateArray(), c => Assert.False(string.IsNullOrWhiteSpace(c.GetProperty("Expression").GetString())));
            Assert.Contains(root.GetProperty("Grouping").GetString(), Groupings);
            Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("Description").GetString()));
            return;
        }

        Assert.Equal("dashboard", entity);
        var charts = root.GetProperty("Charts").EnumerateArray().ToList();
        Assert.NotEmpty(charts);
        foreach (var chart in charts)
        {
            Assert.False(string.IsNullOrWhiteSpace(chart.GetProperty("Title").GetString()));
            AssertLinksAFile(chart.GetProperty("SignalExpression").GetProperty("SignalId"));
            var width = chart.GetProperty("DisplayStyle").GetProperty("WidthColumns").GetInt32();
            Assert.InRange(width, 1, 12);
            var queries = chart.GetProperty("Queries").EnumerateArray().ToList();
            Assert.NotEmpty(queries);
            foreach (var query in queries)
            {
                Assert.Equal("Stream", query.GetProperty("DataSource").GetString());
                Assert.NotEmpty(query.GetProperty("Measurements").EnumerateArray());
                Assert.All(query.GetProperty("Measurements").EnumerateArray(), m =>
                {
                    Assert.False(string.IsNullOrWhiteSpace(m.GetProperty("Value").GetString()));
                    Assert.False(string.IsNullOrWhiteSpace(m.GetProperty("Label").GetString()));
                });
                Assert.Equal(JsonValueKind.Array, query.GetProperty("GroupBy").ValueKind);
                Assert.Contains(query.GetProperty("DisplayStyle").GetProperty("Type").GetString(), DisplayTypes);
            }
        }
    }

    [Fact]
    public async Task EveryPropertyAndValueNamed_IsOnTheAuditEventsTheGatewaySendsToSeq()
    {
        var schema = await AuditEventSchema.DeriveAsync();
        var problems = new List<string>();
        var signals = Directory.EnumerateFiles(Folder, "signal-*.template").ToDictionary(f => Path.GetFileName(f), f => Parse(Path.GetFileName(f)), StringComparer.Ordinal);
        var typesOfSignal = new Dictionary<string, IReadOnlyCollection<string>>(StringComparer.Ordinal);
        foreach (var (file, signal) in signals)
        {
            var filters = signal.GetProperty("Filters").EnumerateArray().Select(f => f.GetProperty("Filter").GetString()!).ToList();
            var types = EventTypesOf(filters);
            typesOfSignal[file!] = types;
            foreach (var filter in filters)
            {
                Check(file!, filter, types);
                CheckValues(file!, filter);
            }

            foreach (var column in signal.GetProperty("Columns").EnumerateArray())
            {
                Check(file!, column.GetProperty("Expression").GetString()!, types);
            }
        }

        foreach (var path in Directory.EnumerateFiles(Folder, "dashboard-*.template"))
        {
            var file = Path.GetFileName(path);
            foreach (var chart in Parse(file).GetProperty("Charts").EnumerateArray())
            {
                var signal = chart.GetProperty("SignalExpression").GetProperty("SignalId").GetString()!["ref:".Length..];
                var types = typesOfSignal[signal];
                foreach (var query in chart.GetProperty("Queries").EnumerateArray())
                {
                    var expressions = query.GetProperty("Measurements").EnumerateArray().Select(m => m.GetProperty("Value").GetString()!)
                        .Concat(query.GetProperty("GroupBy").EnumerateArray().Select(g => g.GetString()!))
                        .Concat(query.GetProperty("Where").ValueKind == JsonValueKind.String ? [query.GetProperty("Where").GetString()!] : []);
                    foreach (var expression in expressions)
                    {
                        Check($"{file}, chart '{chart.GetProperty("Title").GetString()}'", expression, types);
                    }
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));

        void Check(string where, string expression, IReadOnlyCollection<string> types)
        {
            foreach (var property in PropertiesNamed(expression))
            {
                if (!types.Any(type => schema.PropertiesOf(type).Contains(property)))
                {
                    problems.Add($"{where}: '{property}' ({expression}) is on no audit event of type {string.Join(" or ", types)}");
                }
            }
        }

        void CheckValues(string where, string filter)
        {
            foreach (Match comparison in LiteralComparison().Matches(filter))
            {
                var (property, value) = (comparison.Groups["property"].Value, comparison.Groups["value"].Value);
                if (schema.ValuesOf(property) is { } values && !values.Contains(value))
                {
                    problems.Add($"{where}: {property} is never '{value}' (it is one of {string.Join(", ", values)})");
                }
            }

            foreach (Match list in EventTypeList().Matches(filter))
            {
                foreach (Match value in Literal().Matches(list.Groups["values"].Value))
                {
                    if (!schema.ValuesOf("EventType")!.Contains(value.Groups[1].Value))
                    {
                        problems.Add($"{where}: EventType is never '{value.Groups[1].Value}'");
                    }
                }
            }
        }

        IReadOnlyCollection<string> EventTypesOf(List<string> filters)
        {
            // An "or" can widen a filter past the types it names: check against every type then.
            if (filters.Any(f => f.Contains(" or ", StringComparison.Ordinal)))
            {
                return schema.EventTypes;
            }

            var named = filters.SelectMany(f => LiteralComparison().Matches(f).Where(m => m.Groups["property"].Value == "EventType").Select(m => m.Groups["value"].Value)
                .Concat(EventTypeList().Matches(f).SelectMany(l => Literal().Matches(l.Groups["values"].Value).Select(v => v.Groups[1].Value)))).ToList();
            return named.Count > 0 ? named : schema.EventTypes;
        }
    }

    /// <summary>The file as JSON: seqcli's <c>ref("file")</c> becomes the string <c>ref:file</c>, <c>arg(…)</c> is not used.</summary>
    private static JsonElement Parse(string file)
    {
        var text = File.ReadAllText(Path.Combine(Folder, file));
        Assert.DoesNotContain("arg(", text, StringComparison.Ordinal);
        var json = Reference().Replace(text, m => JsonSerializer.Serialize("ref:" + m.Groups[1].Value));
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static void AssertLinksAFile(JsonElement id)
    {
        var text = id.GetString();
        Assert.NotNull(text);
        Assert.StartsWith("ref:signal-", text, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Folder, text["ref:".Length..])), $"{text} links no file in deploy/seq");
    }

    /// <summary>Property names in a Seq expression: identifiers outside string literals that are not functions, keywords or built-ins (<c>@…</c>).</summary>
    internal static IEnumerable<string> PropertiesNamed(string expression) =>
        Identifier().Matches(Literal().Replace(expression, "''")).Select(m => m.Value).Distinct();

    [GeneratedRegex("ref\\(\"([^\"]+)\"\\)")]
    private static partial Regex Reference();

    [GeneratedRegex("'((?:[^']|'')*)'")]
    private static partial Regex Literal();

    [GeneratedRegex(@"(?<![@\w.])[A-Z][A-Za-z0-9]*\b(?!\s*\()")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"(?<property>[A-Z][A-Za-z0-9]*)\s*(?:=|<>)\s*'(?<value>[^']*)'")]
    private static partial Regex LiteralComparison();

    [GeneratedRegex(@"EventType\s+in\s+\[(?<values>[^\]]*)\]")]
    private static partial Regex EventTypeList();

    /// <summary>What the audit events the gateway sends to Seq carry, by event type, derived from the code.</summary>
    private sealed class AuditEventSchema
    {
        private readonly Dictionary<string, HashSet<string>> _byType;
        private readonly Dictionary<string, HashSet<string>> _values;

        private AuditEventSchema(Dictionary<string, HashSet<string>> byType, Dictionary<string, HashSet<string>> values)
        {
            _byType = byType;
            _values = values;
        }

        public IReadOnlyCollection<string> EventTypes => _byType.Keys;

        public IReadOnlySet<string> PropertiesOf(string eventType) => _byType.TryGetValue(eventType, out var properties) ? properties : new HashSet<string>();

        /// <summary>The values a property can take, for the properties whose values are a closed set; null for the others.</summary>
        public IReadOnlySet<string>? ValuesOf(string property) => _values.GetValueOrDefault(property);

        public static async Task<AuditEventSchema> DeriveAsync()
        {
            // Each record type's own fields: every property filled, written through the Seq copy's field writer.
            var fields = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            foreach (var type in typeof(AuditRecord).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(AuditRecord)) && !t.IsAbstract))
            {
                var record = Filled(type);
                var writer = new AuditLogEventFieldWriter();
                record.WriteFields(writer);
                fields[record.EventType] = [.. writer.Properties.Keys];
            }

            // The envelope: what a running gateway really sent to a Seq with a record, beyond the record's own fields.
            await using var seq = await WebhookReceiver.StartAsync();
            seq.Respond = context => WebhookReceiver.WriteJsonAsync(context, 201, "{}");
            await using var gateway = await GatewayUnderTest.StartAsync(settings: new Dictionary<string, string?> { ["Audit:Seq:Url"] = seq.BaseUrl });
            using var admitted = await GateProbe.OfferAsync(gateway, gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice"));
            Assert.Equal(HttpStatusCode.Created, admitted.StatusCode);
            List<JsonElement> events = [];
            Assert.True(await GatewayUnderTest.EventuallyAsync(
                () => (events = SeqEvents(seq)).Any(e => Text(e, "EventType") == AuditEventTypes.AccessDecision), 30_000),
                "the gateway's audit events did not reach the Seq");
            var decision = events.First(e => Text(e, "EventType") == AuditEventTypes.AccessDecision);
            var envelope = decision.EnumerateObject().Select(p => p.Name).Where(n => !n.StartsWith('@') && !fields[AuditEventTypes.AccessDecision].Contains(n)).ToHashSet(StringComparer.Ordinal);
            Assert.Contains("Stream", envelope);
            Assert.Contains("EventType", envelope);

            var byType = fields.ToDictionary(f => f.Key, f => f.Value.Concat(envelope).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
            var values = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal)
            {
                ["EventType"] = [.. fields.Keys],
                ["Stream"] = [Text(decision, "Stream")!],
                ["Decision"] = ["allow", "deny"],
                ["Outcome"] = [.. typeof(AdmissionOutcome).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!)],
            };
            Assert.Equal("allow", Text(decision, "Decision"));
            return new AuditEventSchema(byType, values);
        }

        /// <summary>A record of <paramref name="type"/> with every property set, so that the writer writes every field it has.</summary>
        private static AuditRecord Filled(Type type)
        {
            var record = (AuditRecord)RuntimeHelpers.GetUninitializedObject(type);
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance).Where(p => p.SetMethod is not null))
            {
                property.SetValue(record, SampleOf(property.PropertyType));
            }

            return record;
        }

        private static object? SampleOf(Type type)
        {
            var underlying = Nullable.GetUnderlyingType(type) ?? type;
            return underlying switch
            {
                _ when underlying == typeof(string) => "x",
                _ when underlying == typeof(bool) => true,
                _ when underlying == typeof(int) => 1,
                _ when underlying == typeof(long) => 1L,
                _ when underlying == typeof(double) => 1.0,
                _ when underlying == typeof(DateTimeOffset) => DateTimeOffset.UnixEpoch,
                _ when underlying == typeof(TimeSpan) => TimeSpan.FromSeconds(1),
                _ when underlying == typeof(IPAddress) => IPAddress.Loopback,
                _ when underlying.IsEnum => Enum.GetValues(underlying).GetValue(Enum.GetValues(underlying).Length > 1 ? 1 : 0),
                _ when underlying.IsArray => Array.CreateInstance(underlying.GetElementType()!, 0),
                _ when underlying.IsGenericType && underlying.GetGenericArguments() is [var element] && typeof(IEnumerable<>).MakeGenericType(element).IsAssignableFrom(underlying)
                    => Activator.CreateInstance(typeof(List<>).MakeGenericType(element)),
                _ => throw new InvalidOperationException($"no sample value for {type}: add one, so the record's fields are derived whole"),
            };
        }

        private static List<JsonElement> SeqEvents(WebhookReceiver seq) =>
            [.. seq.Calls.SelectMany(c => c.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                .Where(l => l.StartsWith('{'))
                .Select(l => JsonDocument.Parse(l).RootElement.Clone())];

        private static string? Text(JsonElement record, string name) =>
            record.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}
