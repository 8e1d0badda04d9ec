using SecureStream.Proxy.Hosting;

namespace SecureStream.Proxy.Tests.Hosting;

public sealed class DemoCamerasSwitchTests
{
    [Theory]
    [InlineData(null, true, true)]
    [InlineData(null, false, false)]
    [InlineData("auto", true, true)]
    [InlineData("AUTO", false, false)]
    [InlineData("true", false, true)]
    [InlineData("True", true, true)]
    [InlineData("false", true, false)]
    public void TryDecide_Setting_DecidesAsDocumented(string? setting, bool policyUsesDevelopmentSecrets, bool expected)
    {
        Assert.True(DemoCamerasSwitch.TryDecide(setting, policyUsesDevelopmentSecrets, out var enabled, out var why));

        Assert.Equal(expected, enabled);
        Assert.StartsWith("DemoCameras:Enabled is ", why, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("1")]
    public void TryDecide_UnknownSetting_Refused(string setting)
    {
        Assert.False(DemoCamerasSwitch.TryDecide(setting, true, out _, out _));
    }

    [Fact]
    public void FindPolicyUses_CommentsAndTrailingCommas_PathsOfDevelopmentReferencesOnly()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, """
                {
                  // a comment
                  "signedUrls": { "virtualHosts": [ { "keys": [ { "id": "a", "secret": "file:/etc/real-key" }, { "id": "b", "secret": "file:data/dev-secrets/link-key" }, ] } ] },
                  "admission": { "secret": "file:data/dev-secrets/webhook" },
                }
                """);

            Assert.Equal(["$.signedUrls.virtualHosts[0].keys[1].secret", "$.admission.secret"], DevelopmentSecrets.FindPolicyUses(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void FindSettingUses_NamesOnly()
    {
        var uses = DevelopmentSecrets.FindSettingUses(
        [
            new("Management:AccessToken", "file:data/dev-secrets/management-token"),
            new("Origin:TicketKey", "env:TICKET"),
            new("Audit:Checkpoint:Key", "file:data/dev-secrets/checkpoint-key"),
        ]);

        Assert.Equal(["Audit:Checkpoint:Key", "Management:AccessToken"], uses);
    }
}
