namespace SecureStream.Policy.Admission;

/// <summary>The state of an <see cref="AdmissionCircuitBreaker"/>.</summary>
internal enum AdmissionCircuitState
{
    /// <summary>Calls go through; consecutive failures are counted.</summary>
    Closed,

    /// <summary>Calls are refused without contacting the receiver until the break ends.</summary>
    Open,

    /// <summary>The break is over: one trial call decides between Closed and Open.</summary>
    HalfOpen,
}
