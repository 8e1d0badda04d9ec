using CsCheck;
using SecureStream.Policy.Access;
using SecureStream.Policy.Entitlements;

namespace SecureStream.Policy.Tests.Entitlements;

public sealed class EntitlementTablePropertyTests
{
    private static readonly Gen<string> SafeName = Gen.String[Gen.Char["abcXYZ019-_."], 1, 20]
        .Where(name => CameraPath.IsSafeName(name));

    private static readonly Gen<string?> AnyOperatorId = Gen.OneOf(
        Gen.Const((string?)null),
        Gen.String.Select(s => (string?)s),
        Gen.OneOfConst<string?>("alice", "bob", "carol@site.example", "anonymous", "", "op:alice", "ALICE"));

    private static readonly Gen<DateTimeOffset> AnyInstant = Gen.Long[
            DateTimeOffset.MinValue.UtcTicks + TimeSpan.TicksPerDay, DateTimeOffset.MaxValue.UtcTicks - TimeSpan.TicksPerDay]
        .Select(ticks => new DateTimeOffset(ticks, TimeSpan.Zero));

    private static readonly EntitlementTable Table = EntitlementTestData.Build(EntitlementTestData.Site());

    [Fact]
    public void Check_ArbitraryOperatorAndSafeCamera_NeverThrowsAndAnswersFromTheClosedSet()
    {
        Gen.Select(AnyOperatorId, SafeName, SafeName, AnyInstant).Sample((operatorId, app, stream, now) =>
        {
            var result = Table.Check(operatorId, new CameraPath(app, stream), now);

            return result.Reason is AccessReason.Allowed or AccessReason.NotEntitled
                or AccessReason.OutsideTimeWindow or AccessReason.AnonymousNotAllowed;
        });
    }

    [Fact]
    public void Check_OperatorNotConfigured_NeverAllowed()
    {
        string[] configured = ["alice", "bob", "carol@site.example", "anonymous"];
        Gen.Select(Gen.String, SafeName, SafeName).Sample((operatorId, app, stream) =>
            configured.Contains(operatorId)
            || !Table.Check(operatorId, new CameraPath(app, stream), EntitlementTestData.MondayNineUtc).IsAllowed);
    }
}
