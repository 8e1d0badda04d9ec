namespace SecureStream.Policy.Admission;

/// <summary>The <c>admission.circuitBreaker</c> object of policy.json.</summary>
public sealed class AdmissionCircuitBreakerSettings
{
    /// <summary>Consecutive unavailable outcomes (timeout, error, garbage) that open the circuit.</summary>
    public int FailureThreshold { get; set; } = 5;

    /// <summary>How long an open circuit refuses calls before one trial call is let through.</summary>
    public int BreakSeconds { get; set; } = 30;
}
