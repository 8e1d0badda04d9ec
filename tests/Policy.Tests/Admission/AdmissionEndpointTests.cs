using SecureStream.Policy.Admission;

namespace SecureStream.Policy.Tests.Admission;

public sealed class AdmissionEndpointTests
{
    private static readonly Uri Receiver = new("http://127.0.0.1:9000/admission");

    private static readonly System.Text.Json.JsonSerializerOptions JsonOptions = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    [Fact]
    public void TryCreate_Defaults_DisabledWithoutEndpoint()
    {
        var errors = new List<string>();

        Assert.True(AdmissionEndpoint.TryCreate(new AdmissionSettings(), "admission", errors, out var endpoint));

        Assert.Null(endpoint);
        Assert.Empty(errors);
    }

    [Fact]
    public void TryCreate_Valid_BuildsEndpoint()
    {
        var errors = new List<string>();

        Assert.True(AdmissionEndpoint.TryCreate(AdmissionTestEndpoints.Settings(new Uri("https://hooks.example:8443/admit?tenant=a"), timeoutMs: 3000), "admission", errors, out var endpoint));

        Assert.Empty(errors);
        Assert.NotNull(endpoint);
        Assert.Equal(TimeSpan.FromMilliseconds(3000), endpoint.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(30), endpoint.BreakDuration);
        Assert.Equal("https://hooks.example:8443", endpoint.LogName);
        Assert.DoesNotContain("1234", endpoint.Secret.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreate_EverythingWrong_ReportsEveryProblem()
    {
        var settings = new AdmissionSettings
        {
            Enabled = true,
            Url = new Uri("ftp://user:pw@host/x#frag"),
            Secret = "plain-secret",
            TimeoutMs = 50,
            ConnectTimeoutMs = 10,
            ClosingTimeoutMs = 20000,
            MaxResponseBytes = 0,
            CircuitBreaker = new AdmissionCircuitBreakerSettings { FailureThreshold = 0, BreakSeconds = 0 },
        };
        var errors = new List<string>();

        Assert.False(AdmissionEndpoint.TryCreate(settings, "admission", errors, out var endpoint));

        Assert.Null(endpoint);
        string[] paths =
        [
            "admission.timeoutMs:", "admission.connectTimeoutMs:", "admission.closingTimeoutMs:", "admission.maxResponseBytes:",
            "admission.circuitBreaker.failureThreshold:", "admission.circuitBreaker.breakSeconds:", "admission.secret:",
        ];
        foreach (var path in paths)
        {
            Assert.Contains(errors, e => e.StartsWith(path, StringComparison.Ordinal));
        }

        Assert.Contains(errors, e => e.StartsWith("admission.url: scheme ftp", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("admission.url: carries user information", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("admission.url: carries a fragment", StringComparison.Ordinal));
        Assert.All(errors, e => Assert.Contains(';', e));
        Assert.All(errors, e => Assert.DoesNotContain("plain-secret", e, StringComparison.Ordinal));
    }

    public static TheoryData<string, string> BadUrls => new()
    {
        { "relative", "/admission" },
        { "ws-scheme", "ws://127.0.0.1:9000/admission" },
        { "file-scheme", "file:///etc/passwd" },
        { "userinfo", "http://admin@127.0.0.1:9000/admission" },
        { "fragment", "http://127.0.0.1:9000/admission#x" },
    };

    [Theory]
    [MemberData(nameof(BadUrls))]
    public void TryCreate_BadUrl_UrlError(string name, string url)
    {
        Assert.NotNull(name);
        var settings = new AdmissionSettings
        {
            Enabled = true,
            Url = new Uri(url, UriKind.RelativeOrAbsolute),
            Secret = "env:" + AdmissionTestEndpoints.SecretVariable,
        };
        Environment.SetEnvironmentVariable(AdmissionTestEndpoints.SecretVariable, AdmissionTestEndpoints.Secret);
        var errors = new List<string>();

        Assert.False(AdmissionEndpoint.TryCreate(settings, "admission", errors, out _));

        Assert.Contains(errors, e => e.StartsWith("admission.url:", StringComparison.Ordinal));
    }

    [Fact]
    public void TryCreate_EnabledWithoutUrlOrSecret_BothReported()
    {
        var errors = new List<string>();

        Assert.False(AdmissionEndpoint.TryCreate(new AdmissionSettings { Enabled = true }, "admission", errors, out _));

        Assert.Contains(errors, e => e.StartsWith("admission.url: is missing", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("admission.secret:", StringComparison.Ordinal));
    }

    [Fact]
    public void TryCreate_DisabledWithBadNumbers_StillReported()
    {
        var errors = new List<string>();

        Assert.False(AdmissionEndpoint.TryCreate(new AdmissionSettings { TimeoutMs = 999999, Url = Receiver }, "admission", errors, out _));

        Assert.Single(errors);
    }

    [Fact]
    public void Settings_Json_DeserializesCamelCase()
    {
        var json = """
            {"enabled":true,"url":"http://127.0.0.1:9000/admission","secret":"env:SS_WEBHOOK_SECRET","timeoutMs":2500,
             "connectTimeoutMs":800,"closingTimeoutMs":400,"maxResponseBytes":4096,"timestampedSignature":false,
             "circuitBreaker":{"failureThreshold":3,"breakSeconds":10}}
            """;
        var settings = System.Text.Json.JsonSerializer.Deserialize<AdmissionSettings>(json, JsonOptions)!;

        Assert.Equal(Receiver, settings.Url);
        Assert.Equal(2500, settings.TimeoutMs);
        Assert.False(settings.TimestampedSignature);
        Assert.Equal(3, settings.CircuitBreaker.FailureThreshold);
    }
}
