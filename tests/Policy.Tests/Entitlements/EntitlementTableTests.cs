using Microsoft.Extensions.Time.Testing;
using SecureStream.Policy.Access;
using SecureStream.Policy.Entitlements;
using static SecureStream.Policy.Tests.Entitlements.EntitlementTestData;

namespace SecureStream.Policy.Tests.Entitlements;

public sealed class EntitlementTableTests
{
    private readonly FakeTimeProvider _time = new(MondayNineUtc);
    private readonly EntitlementTable _table = Build(Site());

    [Fact]
    public void Check_DirectGrant_AllowedWithOperatorKeyAndCap()
    {
        var result = _table.Check("alice", new CameraPath("app", "cam1"), _time.GetUtcNow());

        Assert.True(result.IsAllowed);
        Assert.Equal(AccessReason.Allowed, result.Reason);
        Assert.Equal("op:alice", result.OperatorKey);
        Assert.Equal(4, result.MaxSessions);
    }

    [Fact]
    public void Check_GroupWildcardInsideWindow_Allowed()
    {
        var result = _table.Check("alice", new CameraPath("app", "lobby-north"), _time.GetUtcNow());

        Assert.Equal(AccessReason.Allowed, result.Reason);
    }

    public static TheoryData<string, string, string> NotGranted => new()
    {
        { "other camera in the app", "app", "cam2" },
        { "exact name is not a prefix", "app", "cam10" },
        { "wildcard stays in its app", "other", "lobby-north" },
        { "wildcard needs its literal part", "app", "hall-1" },
        { "unknown camera", "nowhere", "nothing" },
    };

    [Theory]
    [MemberData(nameof(NotGranted))]
    public void Check_CameraNotGranted_NotEntitled(string scenario, string app, string stream)
    {
        var result = _table.Check("alice", new CameraPath(app, stream), _time.GetUtcNow());

        Assert.False(result.IsAllowed, scenario);
        Assert.Equal(AccessReason.NotEntitled, result.Reason);
    }

    [Fact]
    public void Check_WildcardInsideName_MatchesOnlyItsSuffix()
    {
        var now = _time.GetUtcNow();

        Assert.True(_table.Check("carol@site.example", new CameraPath("yard", "gate-east"), now).IsAllowed);
        Assert.False(_table.Check("carol@site.example", new CameraPath("yard", "gate-west"), now).IsAllowed);
    }

    [Fact]
    public void Check_UnknownOperatorAndUnknownCamera_SameReason()
    {
        var now = _time.GetUtcNow();
        var unknownOperator = _table.Check("mallory", new CameraPath("app", "cam1"), now);
        var unknownCamera = _table.Check("alice", new CameraPath("app", "no-such-camera"), now);

        Assert.Equal(AccessReason.NotEntitled, unknownOperator.Reason);
        Assert.Equal(unknownOperator.Reason, unknownCamera.Reason);
        Assert.Equal(string.Empty, unknownOperator.OperatorKey);
    }

    public static TheoryData<string, string> RefusedOperators => new()
    {
        { "disabled operator, granted via group", "bob" },
        { "operator ids are case-sensitive", "Alice" },
        { "empty id is not anonymous", "" },
        { "prefix of a real id", "alic" },
        { "control characters", "alice\r\n" },
    };

    [Theory]
    [MemberData(nameof(RefusedOperators))]
    public void Check_OperatorNotUsable_NotEntitled(string scenario, string operatorId)
    {
        var result = _table.Check(operatorId, new CameraPath("app", "lobby-north"), _time.GetUtcNow());

        Assert.False(result.IsAllowed, scenario);
        Assert.Equal(AccessReason.NotEntitled, result.Reason);
    }

    [Fact]
    public void Check_GroupGrantOutsideItsWindow_OutsideTimeWindow()
    {
        _time.SetUtcNow(new DateTimeOffset(2026, 1, 5, 18, 30, 0, TimeSpan.Zero)); // 19:30 Berlin

        var result = _table.Check("alice", new CameraPath("app", "lobby-north"), _time.GetUtcNow());

        Assert.Equal(AccessReason.OutsideTimeWindow, result.Reason);
        Assert.Null(result.MaxSessions);
    }

    [Fact]
    public void Check_DirectGrantWithoutWindowsWhileGroupClosed_StillAllowed()
    {
        _time.SetUtcNow(new DateTimeOffset(2026, 1, 10, 3, 0, 0, TimeSpan.Zero)); // Saturday night

        Assert.True(_table.Check("alice", new CameraPath("app", "cam1"), _time.GetUtcNow()).IsAllowed);
        Assert.Equal(AccessReason.OutsideTimeWindow,
            _table.Check("alice", new CameraPath("app", "lobby-north"), _time.GetUtcNow()).Reason);
    }

    [Fact]
    public void Check_OperatorWindows_ApplyOnlyToDirectCameras()
    {
        var table = Build(new EntitlementSettings
        {
            Operators =
            [
                new OperatorSettings
                {
                    Id = "night",
                    Cameras = ["app/direct"],
                    Windows = [new TimeWindowSettings { From = "20:00", To = "23:00" }],
                    Groups = ["always"],
                },
            ],
            Groups = [new GroupSettings { Id = "always", Cameras = ["app/group"] }],
        });
        var now = _time.GetUtcNow(); // 09:00 UTC: outside the operator's own window

        Assert.Equal(AccessReason.OutsideTimeWindow, table.Check("night", new CameraPath("app", "direct"), now).Reason);
        Assert.Equal(AccessReason.Allowed, table.Check("night", new CameraPath("app", "group"), now).Reason);
    }

    [Fact]
    public void Check_SameCameraOneGrantClosedOneOpen_Allowed()
    {
        var table = Build(new EntitlementSettings
        {
            Operators = [new OperatorSettings { Id = "op", Groups = ["closed", "open"] }],
            Groups =
            [
                new GroupSettings { Id = "closed", Cameras = ["app/*"], Windows = [new TimeWindowSettings { From = "00:00", To = "00:01" }] },
                new GroupSettings { Id = "open", Cameras = ["app/cam"] },
            ],
        });

        Assert.True(table.Check("op", new CameraPath("app", "cam"), _time.GetUtcNow()).IsAllowed);
    }

    [Fact]
    public void Check_AnonymousListedCamera_AllowedWithSharedKeyAndCap()
    {
        var result = _table.Check(null, new CameraPath("demo", "anything"), _time.GetUtcNow());

        Assert.True(result.IsAllowed);
        Assert.Equal(EntitlementTable.AnonymousKey, result.OperatorKey);
        Assert.Equal(50, result.MaxSessions);
    }

    [Fact]
    public void Check_AnonymousUnlistedCamera_AnonymousNotAllowed()
    {
        var result = _table.Check(null, new CameraPath("app", "cam1"), _time.GetUtcNow());

        Assert.Equal(AccessReason.AnonymousNotAllowed, result.Reason);
    }

    [Fact]
    public void Check_AnonymousWithDefaultSettings_RefusedEverywhere()
    {
        var table = Build(new EntitlementSettings());

        Assert.Equal(AccessReason.AnonymousNotAllowed,
            table.Check(null, new CameraPath("demo", "cam"), _time.GetUtcNow()).Reason);
        Assert.Equal(AccessReason.AnonymousNotAllowed,
            EntitlementTable.Empty.Check(null, new CameraPath("demo", "cam"), _time.GetUtcNow()).Reason);
    }

    [Fact]
    public void Check_OperatorNamedAnonymous_KeyDiffersFromAnonymousLinks()
    {
        var result = _table.Check("anonymous", new CameraPath("app", "cam2"), _time.GetUtcNow());

        Assert.True(result.IsAllowed);
        Assert.Equal("op:anonymous", result.OperatorKey);
        Assert.NotEqual(EntitlementTable.AnonymousKey, result.OperatorKey);
    }

    [Fact]
    public void Check_NoCapConfigured_MaxSessionsNull()
    {
        var result = _table.Check("carol@site.example", new CameraPath("yard", "gate-east"), _time.GetUtcNow());

        Assert.True(result.IsAllowed);
        Assert.Null(result.MaxSessions);
    }

    [Fact]
    public void MaxUsesPerLinkId_FromLinksSection()
    {
        Assert.Equal(1, _table.MaxUsesPerLinkId);
        Assert.Equal(0, Build(new EntitlementSettings()).MaxUsesPerLinkId);
    }
}
