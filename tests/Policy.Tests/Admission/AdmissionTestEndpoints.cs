using SecureStream.Policy.Admission;

namespace SecureStream.Policy.Tests.Admission;

internal static class AdmissionTestEndpoints
{
    public const string Secret = "1234";
    public const string SecretVariable = "SS_ADMISSION_TEST_SECRET";

    public static AdmissionSettings Settings(Uri url, int timeoutMs = 5000, int closingTimeoutMs = 5000, int failureThreshold = 5, int breakSeconds = 30, int maxResponseBytes = 65536, int connectTimeoutMs = 1000)
    {
        // Every test sets the same value, so parallel tests cannot disturb each other.
        Environment.SetEnvironmentVariable(SecretVariable, Secret);
        return new AdmissionSettings
        {
            Enabled = true,
            Url = url,
            Secret = "env:" + SecretVariable,
            TimeoutMs = timeoutMs,
            ConnectTimeoutMs = Math.Min(connectTimeoutMs, timeoutMs),
            ClosingTimeoutMs = closingTimeoutMs,
            MaxResponseBytes = maxResponseBytes,
            CircuitBreaker = new AdmissionCircuitBreakerSettings { FailureThreshold = failureThreshold, BreakSeconds = breakSeconds },
        };
    }

    public static AdmissionEndpoint Create(Uri url, int timeoutMs = 5000, int closingTimeoutMs = 5000, int failureThreshold = 5, int breakSeconds = 30, int connectTimeoutMs = 1000)
    {
        var errors = new List<string>();
        Assert.True(
            AdmissionEndpoint.TryCreate(Settings(url, timeoutMs, closingTimeoutMs, failureThreshold, breakSeconds, connectTimeoutMs: connectTimeoutMs), "admission", errors, out var endpoint),
            string.Join("\n", errors));
        return endpoint!;
    }

    public static AdmissionRequest Request(string? userAgent = "Mozilla/5.0", string? realIp = null) => new(
        "10.0.0.5",
        50000,
        realIp,
        userAgent,
        "ws://cam.example:3333/app/cam1?policy=abc&signature=def",
        new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public static ClosingRequest Closing(string sessionId, long bytes = 0) => new(
        "10.0.0.5",
        50000,
        null,
        null,
        "ws://cam.example:3333/app/cam1",
        null,
        new DateTimeOffset(2026, 1, 1, 0, 1, 0, TimeSpan.Zero),
        sessionId,
        60000,
        bytes);
}
