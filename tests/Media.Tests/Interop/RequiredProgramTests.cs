namespace SecureStream.Media.Tests.Interop;

/// <summary>A program the tests need is found, or its absence fails the test naming the package to install.</summary>
public sealed class RequiredProgramTests
{
    [Fact]
    public void Find_MissingAbsolutePath_ThrowsNamingThePackageAndTheScript()
    {
        var error = Assert.Throws<InvalidOperationException>(() => RequiredProgram.Find("/usr/bin/no-such-program-securestream", "some-package"));

        Assert.Contains("/usr/bin/no-such-program-securestream is missing", error.Message, StringComparison.Ordinal);
        Assert.Contains("'some-package'", error.Message, StringComparison.Ordinal);
        Assert.Contains("scripts/test.sh", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_MissingOnPath_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => RequiredProgram.Find("no-such-program-securestream", "some-package"));
    }

    [Fact]
    public void Find_ProgramOnPath_ReturnsAnExistingFile()
    {
        var path = RequiredProgram.Find("sh", "dash");

        Assert.True(Path.IsPathRooted(path));
        Assert.True(File.Exists(path));
    }
}
