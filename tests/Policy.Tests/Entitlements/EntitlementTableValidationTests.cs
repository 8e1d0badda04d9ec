using System.Text.Json;
using SecureStream.Policy.Access;
using SecureStream.Policy.Entitlements;

namespace SecureStream.Policy.Tests.Entitlements;

public sealed class EntitlementTableValidationTests
{
    private static List<string> Errors(EntitlementSettings settings)
    {
        var errors = new List<string>();
        var ok = EntitlementTable.TryCreate(settings, "$", errors, out var table);
        Assert.Equal(errors.Count == 0, ok);
        Assert.Equal(ok, table is not null);
        return errors;
    }

    [Fact]
    public void TryCreate_FiveMistakes_FiveMessagesEachNamingItsPath()
    {
        var settings = new EntitlementSettings
        {
            Operators =
            [
                new OperatorSettings { Id = "alice", Groups = ["no-such-group"] },
                new OperatorSettings { Id = "alice", MaxSessions = -1 },
            ],
            Groups =
            [
                new GroupSettings
                {
                    Id = "lobby",
                    Cameras = ["app/lobby-*", "app/../etc"],
                    Windows = [new TimeWindowSettings { From = "08:00", To = "18:00", TimeZone = "Mars/Olympus_Mons" }],
                },
            ],
        };

        var errors = Errors(settings);

        Assert.Equal(5, errors.Count);
        string[] paths =
        [
            "$.groups[0].cameras[1]: ",
            "$.groups[0].windows[0].timeZone: ",
            "$.operators[0].groups[0]: ",
            "$.operators[1].id: ",
            "$.operators[1].maxSessions: ",
        ];
        foreach (var path in paths)
        {
            Assert.Single(errors, e => e.StartsWith(path, StringComparison.Ordinal));
        }

        Assert.All(errors, e => Assert.Contains("; ", e, StringComparison.Ordinal));
    }

    public static TheoryData<string, EntitlementSettings, string> SingleMistakes => new()
    {
        { "missing operator id", new() { Operators = [new OperatorSettings()] }, "$.operators[0].id" },
        { "space in id", new() { Operators = [new OperatorSettings { Id = "bob smith" }] }, "$.operators[0].id" },
        { "id too long", new() { Operators = [new OperatorSettings { Id = new string('a', 65) }] }, "$.operators[0].id" },
        { "non-ASCII look-alike in id", new() { Operators = [new OperatorSettings { Id = "\u0430lice" }] }, "$.operators[0].id" },
        {
            "ids differing only in case",
            new() { Operators = [new OperatorSettings { Id = "alice" }, new OperatorSettings { Id = "ALICE" }] },
            "$.operators[1].id"
        },
        { "null operator entry", new() { Operators = [null!] }, "$.operators[0]" },
        { "duplicate group", new() { Groups = [new GroupSettings { Id = "g" }, new GroupSettings { Id = "g" }] }, "$.groups[1].id" },
        { "null group reference", new() { Operators = [new OperatorSettings { Id = "a", Groups = [null!] }] }, "$.operators[0].groups[0]" },
        { "group ids are case-sensitive", new() { Operators = [new OperatorSettings { Id = "a", Groups = ["G"] }], Groups = [new GroupSettings { Id = "g" }] }, "$.operators[0].groups[0]" },
        { "camera without app", new() { Operators = [new OperatorSettings { Id = "a", Cameras = ["cam1"] }] }, "$.operators[0].cameras[0]" },
        { "percent in camera", new() { Operators = [new OperatorSettings { Id = "a", Cameras = ["app/c%41m"] }] }, "$.operators[0].cameras[0]" },
        { "unknown day", new() { Groups = [Group(new TimeWindowSettings { Days = ["funday"], From = "08:00", To = "09:00" })] }, "$.groups[0].windows[0].days[0]" },
        { "one-digit hour", new() { Groups = [Group(new TimeWindowSettings { From = "8:00", To = "09:00" })] }, "$.groups[0].windows[0].from" },
        { "from 24:00", new() { Groups = [Group(new TimeWindowSettings { From = "24:00", To = "09:00" })] }, "$.groups[0].windows[0].from" },
        { "to 25:00", new() { Groups = [Group(new TimeWindowSettings { From = "08:00", To = "25:00" })] }, "$.groups[0].windows[0].to" },
        { "to 00:00", new() { Groups = [Group(new TimeWindowSettings { From = "08:00", To = "00:00" })] }, "$.groups[0].windows[0].to" },
        { "missing from", new() { Groups = [Group(new TimeWindowSettings { To = "09:00" })] }, "$.groups[0].windows[0].from" },
        { "seconds in time", new() { Groups = [Group(new TimeWindowSettings { From = "08:00:00", To = "09:00" })] }, "$.groups[0].windows[0].from" },
        { "empty window", new() { Groups = [Group(new TimeWindowSettings { From = "08:00", To = "08:00" })] }, "$.groups[0].windows[0]" },
        { "time zone path traversal", new() { Groups = [Group(new TimeWindowSettings { From = "08:00", To = "09:00", TimeZone = "../../etc/passwd" })] }, "$.groups[0].windows[0].timeZone" },
        { "absolute time zone path", new() { Groups = [Group(new TimeWindowSettings { From = "08:00", To = "09:00", TimeZone = "/etc/localtime" })] }, "$.groups[0].windows[0].timeZone" },
        { "null window", new() { Groups = [Group(null!)] }, "$.groups[0].windows[0]" },
        { "negative anonymous cap", new() { AnonymousLinks = new AnonymousLinkSettings { MaxSessions = -5 } }, "$.anonymousLinks.maxSessions" },
        { "bad anonymous camera", new() { AnonymousLinks = new AnonymousLinkSettings { Cameras = ["demo/*/x"] } }, "$.anonymousLinks.cameras[0]" },
        { "negative link uses", new() { Links = new LinkUseSettings { MaxUsesPerLinkId = -1 } }, "$.links.maxUsesPerLinkId" },
    };

    [Theory]
    [MemberData(nameof(SingleMistakes))]
    public void TryCreate_OneMistake_OneMessageAtItsPath(string scenario, EntitlementSettings settings, string path)
    {
        var errors = Errors(settings);

        var error = Assert.Single(errors);
        Assert.True(error.StartsWith(path + ": ", StringComparison.Ordinal), $"{scenario}: {error}");
    }

    [Fact]
    public void TryCreate_HostileValueInMessage_OneCleanLine()
    {
        var errors = Errors(new EntitlementSettings
        {
            Operators = [new OperatorSettings { Id = "evil\r\n\u001b[31m{Braces}" + new string('x', 500) }],
        });

        var error = Assert.Single(errors);
        Assert.DoesNotContain('\r', error);
        Assert.DoesNotContain('\n', error);
        Assert.DoesNotContain('\u001b', error);
        Assert.True(error.Length < 300, error);
    }

    [Fact]
    public void TryCreate_ExistingErrors_AppendsAndKeepsThem()
    {
        var errors = new List<string> { "$.signedUrls: earlier problem; fix it" };

        var ok = EntitlementTable.TryCreate(
            new EntitlementSettings { Links = new LinkUseSettings { MaxUsesPerLinkId = -1 } }, "$", errors, out _);

        Assert.False(ok);
        Assert.Equal(2, errors.Count);
        Assert.Equal("$.signedUrls: earlier problem; fix it", errors[0]);
    }

    [Fact]
    public void TryCreate_NullSettingsAndNullLists_EmptyTableRefusesEverything()
    {
        var errors = new List<string>();

        Assert.True(EntitlementTable.TryCreate(null, "$", errors, out var fromNull));
        Assert.True(EntitlementTable.TryCreate(
            new EntitlementSettings { Operators = null!, Groups = null!, AnonymousLinks = null!, Links = null! }, "$", errors, out var fromNulls));

        Assert.Empty(errors);
        var camera = new CameraPath("demo", "cam");
        Assert.Equal(AccessReason.AnonymousNotAllowed, fromNull.Check(null, camera, DateTimeOffset.UnixEpoch).Reason);
        Assert.Equal(AccessReason.AnonymousNotAllowed, fromNulls.Check(null, camera, DateTimeOffset.UnixEpoch).Reason);
    }

    [Fact]
    public void TryCreate_ZeroCap_AllowedButCapIsZero()
    {
        var table = EntitlementTestData.Build(new EntitlementSettings
        {
            Operators = [new OperatorSettings { Id = "a", Cameras = ["app/cam"], MaxSessions = 0 }],
        });

        var result = table.Check("a", new CameraPath("app", "cam"), DateTimeOffset.UnixEpoch);

        Assert.True(result.IsAllowed);
        Assert.Equal(0, result.MaxSessions);
    }

    [Fact]
    public void Settings_DeserializedLikeTheLoader_BuildsTheDocumentedExample()
    {
        // The loader's options: camelCase, comments allowed, duplicates and unknown members refused.
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = false,
            AllowDuplicateProperties = false,
            UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        };
        const string json = """
            {
              // who may watch what
              "operators": [ { "id": "alice", "groups": ["lobby-guards"], "cameras": ["app/cam1"], "maxSessions": 4,
                               "windows": [], "disabled": false } ],
              "groups": [ { "id": "lobby-guards", "cameras": ["app/lobby-*"],
                            "windows": [ { "days": ["mon","tue","wed","thu","fri"], "from": "08:00", "to": "18:00",
                                           "timeZone": "Europe/Berlin" } ] } ],
              "anonymousLinks": { "cameras": ["demo/*"], "maxSessions": 50 },
              "links": { "maxUsesPerLinkId": 1 }
            }
            """;

        var settings = JsonSerializer.Deserialize<EntitlementSettings>(json, options)!;
        var table = EntitlementTestData.Build(settings);

        Assert.True(table.Check("alice", new CameraPath("app", "lobby-1"), EntitlementTestData.MondayNineUtc).IsAllowed);
        Assert.Equal(50, table.Check(null, new CameraPath("demo", "x"), EntitlementTestData.MondayNineUtc).MaxSessions);
        Assert.Equal(1, table.MaxUsesPerLinkId);
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<OperatorSettings>("""{"id":"a","admin":true}""", options));
    }

    private static GroupSettings Group(TimeWindowSettings window) => new() { Id = "g", Cameras = ["app/cam"], Windows = [window] };

    [Fact]
    public void TryCreate_SharesBelowOne_OneMessageEachNamingItsPath()
    {
        var errors = Errors(new EntitlementSettings
        {
            Operators = [new OperatorSettings { Id = "alice", Cameras = ["app/cam1"], MaxSessionsPerLink = 0, MaxSessionsPerSource = -2 }],
            AnonymousLinks = new AnonymousLinkSettings { Cameras = ["demo/*"], MaxSessionsPerLink = 0, MaxSessionsPerSource = -1 },
        });

        Assert.Equal(
            [
                "$.operators[0].maxSessionsPerLink: 0 is below 1; use a positive number of sessions, or remove it for the default (set maxSessions to 0 to refuse all sessions)",
                "$.operators[0].maxSessionsPerSource: -2 is below 1; use a positive number of sessions, or remove it for the default (set maxSessions to 0 to refuse all sessions)",
                "$.anonymousLinks.maxSessionsPerLink: 0 is below 1; use a positive number of sessions, or remove it for the default (set maxSessions to 0 to refuse all sessions)",
                "$.anonymousLinks.maxSessionsPerSource: -1 is below 1; use a positive number of sessions, or remove it for the default (set maxSessions to 0 to refuse all sessions)",
            ],
            errors);
    }

    [Fact]
    public void Check_AnonymousSharesMissing_DefaultFourEach_OperatorSharesOnlyWhenSet()
    {
        Assert.True(EntitlementTable.TryCreate(
            new EntitlementSettings
            {
                Operators =
                [
                    new OperatorSettings { Id = "alice", Cameras = ["app/cam1"], MaxSessions = 8 },
                    new OperatorSettings { Id = "kiosk", Cameras = ["app/cam1"], MaxSessions = 8, MaxSessionsPerLink = 2, MaxSessionsPerSource = 3 },
                ],
                AnonymousLinks = new AnonymousLinkSettings { Cameras = ["demo/*"], MaxSessions = 20 },
            },
            "$",
            [],
            out var table));
        var now = DateTimeOffset.UtcNow;

        var anonymous = table.Check(null, new CameraPath("demo", "lobby"), now);
        var alice = table.Check("alice", new CameraPath("app", "cam1"), now);
        var kiosk = table.Check("kiosk", new CameraPath("app", "cam1"), now);

        Assert.Equal((20, 4, 4), (anonymous.MaxSessions, anonymous.MaxSessionsPerLink, anonymous.MaxSessionsPerSource));
        Assert.Equal((8, (int?)null, (int?)null), (alice.MaxSessions, alice.MaxSessionsPerLink, alice.MaxSessionsPerSource));
        Assert.Equal((8, 2, 3), (kiosk.MaxSessions, kiosk.MaxSessionsPerLink, kiosk.MaxSessionsPerSource));
    }
}
