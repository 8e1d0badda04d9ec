namespace SecureStream.Media.Tests.Smoke;

public sealed class MediaAssemblyTests
{
    [Fact]
    public void Name_MatchesLoadedAssembly() =>
        Assert.Equal(MediaAssembly.Name, typeof(MediaAssembly).Assembly.GetName().Name);
}
