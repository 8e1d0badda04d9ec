namespace SecureStream.Proxy.Tests.Functional.Infrastructure;

/// <summary>
/// Tests that measure the process's memory run alone (after the parallel ones), so no other
/// test's allocations count against the bound they assert.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurement
{
    public const string Name = "Memory measurement";

    /// <summary>Managed heap after a full, compacting collection.</summary>
    public static long ManagedBytes()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
