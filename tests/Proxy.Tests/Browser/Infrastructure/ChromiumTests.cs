namespace SecureStream.Proxy.Tests.Browser.Infrastructure;

/// <summary>Every browser test class joins this collection and so shares one <see cref="ChromiumFixture"/> (and runs one class at a time).</summary>
[CollectionDefinition(Name)]
public sealed class ChromiumTests : ICollectionFixture<ChromiumFixture>
{
    public const string Name = "Chromium";
}
