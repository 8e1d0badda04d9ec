using SecureStream.Proxy.Gate;
using SecureStream.Proxy.Lockout;

namespace SecureStream.Proxy.Tests.Gate;

public sealed class GateOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeed() =>
        Assert.True(new GateOptionsValidator().Validate(null, new GateOptions()).Succeeded);

    [Fact]
    public void Validate_EveryRefusalAndLockoutLimitOutOfRange_AllReportedByKey()
    {
        var options = new GateOptions
        {
            RefusalSummarySeconds = -1,
            MaxRefusalKeys = 1,
            MaxPendingPerSource = 32,
            MaxPending = 8,
            Lockout = new LockoutOptions { Threshold = 0, WindowSeconds = 0, DurationSeconds = 0, MaxSources = 1 },
        };

        var failures = new GateOptionsValidator().Validate(null, options).Failures!.ToList();

        Assert.Equal(
            ["Gate:RefusalSummarySeconds", "Gate:MaxRefusalKeys", "Gate:MaxPending", "Gate:Lockout:Threshold", "Gate:Lockout:WindowSeconds", "Gate:Lockout:DurationSeconds", "Gate:Lockout:MaxSources"],
            failures.Select(f => f[..f.IndexOf(": ", StringComparison.Ordinal)]));
    }

    [Theory]
    [InlineData(-1, 64, "Gate:MaxSnapshotsPerSource")]
    [InlineData(1001, 2000, "Gate:MaxSnapshotsPerSource")]
    [InlineData(16, 8, "Gate:MaxSnapshots")]
    [InlineData(16, 10_001, "Gate:MaxSnapshots")]
    public void Validate_SnapshotPoolOutOfRange_ReportedByKey(int perSource, int total, string key)
    {
        var failures = new GateOptionsValidator().Validate(null, new GateOptions { MaxSnapshotsPerSource = perSource, MaxSnapshots = total }).Failures!.ToList();

        Assert.Equal([key], failures.Select(f => f[..f.IndexOf(": ", StringComparison.Ordinal)]));
    }

    [Fact]
    public void Validate_SnapshotPoolOff_TotalNotChecked() =>
        Assert.True(new GateOptionsValidator().Validate(null, new GateOptions { MaxSnapshotsPerSource = 0, MaxSnapshots = 0 }).Succeeded);

    [Fact]
    public void Validate_LockoutDisabled_ItsLimitsAreNotChecked() =>
        Assert.True(new GateOptionsValidator().Validate(null, new GateOptions { Lockout = new LockoutOptions { Enabled = false, Threshold = 0 } }).Succeeded);
}
