using SecureStream.Policy.Access;

namespace SecureStream.Policy.Tests.Access;

public sealed class AccessReasonCodesTests
{
    [Theory]
    [InlineData(AccessReason.SignatureInvalid, "signature_invalid")]
    [InlineData(AccessReason.NotEntitled, "not_entitled")]
    [InlineData(AccessReason.WebhookUnavailable, "webhook_unavailable")]
    public void ToCode_KnownReason_IsSnakeCase(AccessReason reason, string expected) =>
        Assert.Equal(expected, reason.ToCode());

    [Fact]
    public void Codes_AreUniqueAndRoundTrip()
    {
        var codes = Enum.GetValues<AccessReason>().Select(r => r.ToCode()).ToList();
        Assert.Equal(codes.Count, codes.Distinct(StringComparer.Ordinal).Count());
        foreach (var reason in Enum.GetValues<AccessReason>())
        {
            Assert.True(AccessReasonCodes.TryParse(reason.ToCode(), out var parsed));
            Assert.Equal(reason, parsed);
        }
    }

    [Theory]
    [InlineData("app", "cam1", true)]
    [InlineData("app", "..", false)]
    [InlineData("app", ".hidden", false)]
    [InlineData("app", "cam%31", false)]
    [InlineData("app", "c\u0430m", false)]
    [InlineData("", "cam", false)]
    public void IsSafeName_Alphabet(string app, string stream, bool expected) =>
        Assert.Equal(expected, CameraPath.IsSafeName(app) && CameraPath.IsSafeName(stream));
}
