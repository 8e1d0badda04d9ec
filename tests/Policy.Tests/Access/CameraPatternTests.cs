using SecureStream.Policy.Access;

namespace SecureStream.Policy.Tests.Access;

public sealed class CameraPatternTests
{
    [Theory]
    [InlineData("app/lobby-*", "app", "lobby-1", true)]
    [InlineData("app/lobby-*", "app", "lobby-", true)]
    [InlineData("app/lobby-*", "app", "hall-1", false)]
    [InlineData("app/lobby-*", "other", "lobby-1", false)]
    [InlineData("*/*", "any", "cam", true)]
    [InlineData("app/cam1", "app", "cam10", false)]
    [InlineData("app/*-east", "app", "door-east", true)]
    [InlineData("app/*-east", "app", "door-west", false)]
    public void Matches_Glob(string pattern, string app, string stream, bool expected)
    {
        Assert.True(CameraPattern.TryParse(pattern, out var parsed));
        Assert.Equal(expected, parsed!.Matches(new CameraPath(app, stream)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("app")]
    [InlineData("app/")]
    [InlineData("/cam")]
    [InlineData("a/b/c")]
    [InlineData("app/c%41m")]
    [InlineData("app/..")]
    public void TryParse_Invalid_False(string pattern) => Assert.False(CameraPattern.TryParse(pattern, out _));
}
