namespace SecureStream.Policy.Admission;

/// <summary>Limits of the <see cref="AdmissionClosingQueue"/>.</summary>
internal sealed record AdmissionClosingQueueOptions
{
    /// <summary>Closings waiting to be sent; beyond this, <see cref="AdmissionClosingQueue.Enqueue(ClosingRequest)"/> drops and counts.</summary>
    public int Capacity { get; init; } = 4096;

    /// <summary>Closings in flight at once (different sessions; one session's closings are sent one after another).</summary>
    public int Concurrency { get; init; } = 8;

    /// <summary>How long <see cref="AdmissionClosingQueue.StopAsync"/> keeps sending what is queued at shutdown.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
