using SecureStream.Policy.Secrets;

namespace SecureStream.Policy.Tests.Secrets;

/// <summary>
/// An unset variable is named with the fix (the message reaches check-config, the log and the
/// management API); text after <c>env:</c> that is not a variable name — a secret pasted there by
/// mistake — is never echoed.
/// </summary>
public sealed class SecretReferenceTests
{
    [Fact]
    public void TryResolve_UnsetVariable_NamesItAndTheFix()
    {
        var name = "SS_TEST_UNSET_" + Guid.NewGuid().ToString("N").ToUpperInvariant();

        Assert.False(SecretReference.TryResolve("env:" + name, out var secret, out var error));

        Assert.Null(secret);
        Assert.Equal(
            $"environment variable {name} is not set; set it in the gateway's environment and restart it (a running gateway does not see variables set later), or use file:/path/to/secret",
            error);
    }

    [Theory]
    [InlineData("s3cr3t-value/with+symbols=")]
    [InlineData("1234567890abcdef")]
    [InlineData("has space")]
    public void TryResolve_PastedSecretAfterEnv_IsNotEchoed(string pasted)
    {
        Assert.False(SecretReference.TryResolve("env:" + pasted, out _, out var error));

        Assert.DoesNotContain(pasted, error, StringComparison.Ordinal);
        Assert.Contains("use file:", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryResolve_SetVariable_Resolves()
    {
        var name = "SS_TEST_SET_" + Guid.NewGuid().ToString("N").ToUpperInvariant();
        Environment.SetEnvironmentVariable(name, "a-secret-of-enough-length");
        try
        {
            Assert.True(SecretReference.TryResolve("env:" + name, out var secret, out _));
            Assert.Equal("a-secret-of-enough-length"u8.ToArray(), secret!.Span.ToArray());
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }
}
