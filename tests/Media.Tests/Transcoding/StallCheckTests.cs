using Microsoft.Extensions.Time.Testing;
using SecureStream.Media.Transcoding;

namespace SecureStream.Media.Tests.Transcoding;

/// <summary>The watchdog's decision: hung and spinning runs end, starved ones are left to catch up, and without CPU readings the timeout alone decides.</summary>
public sealed class StallCheckTests
{
    private const int ProcessId = 4242;
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);

    private static TranscodingOptions Options => new() { StallTimeout = TimeSpan.FromSeconds(5), StallMinCpuProgress = TimeSpan.FromMilliseconds(20) };

    [Fact]
    public void Check_NoOutputAndNoCpu_StalledJustAfterTheTimeout()
    {
        var (time, cpu, check) = Create();
        var quietSince = time.GetTimestamp();

        var verdicts = Run(time, check, quietSince, TimeSpan.FromSeconds(5));
        var after = Step(time, check, quietSince);

        Assert.All(verdicts, v => Assert.Equal(StallVerdict.Waiting, v));
        Assert.Equal(StallVerdict.Stalled, after);
        Assert.True(cpu.Reads > 0);
    }

    [Fact]
    public void Check_NoOutputButSlowCpuProgress_StarvedUntilTheHardBound()
    {
        var (time, cpu, check) = Create();
        var quietSince = time.GetTimestamp();
        cpu.PerTick = TimeSpan.FromMilliseconds(5); // 2 % of a core: a niced ffmpeg on a loaded machine

        var verdicts = Run(time, check, quietSince, TimeSpan.FromSeconds(20));
        var after = Step(time, check, quietSince);

        Assert.Equal(StallVerdict.Waiting, verdicts[0]);
        Assert.Equal(StallVerdict.Starved, verdicts[^1]);
        Assert.DoesNotContain(StallVerdict.Stalled, verdicts);
        Assert.Equal(StallVerdict.Stalled, after); // four times the timeout, whatever the CPU
    }

    [Fact]
    public void Check_SpinningWithoutOutput_StalledAtTheHardBound()
    {
        var (time, cpu, check) = Create(options => options.StallTimeoutMax = TimeSpan.FromSeconds(8));
        var quietSince = time.GetTimestamp();
        cpu.PerTick = Tick; // a whole core

        var verdicts = Run(time, check, quietSince, TimeSpan.FromSeconds(8));
        var after = Step(time, check, quietSince);

        Assert.DoesNotContain(StallVerdict.Stalled, verdicts);
        Assert.Equal(StallVerdict.Stalled, after);
    }

    [Fact]
    public void Check_CpuStopsWhileQuiet_StalledOneTimeoutAfterItsLastProgress()
    {
        var (time, cpu, check) = Create();
        var quietSince = time.GetTimestamp();
        cpu.PerTick = TimeSpan.FromMilliseconds(10);
        var busy = Run(time, check, quietSince, TimeSpan.FromSeconds(7));
        cpu.PerTick = TimeSpan.Zero; // hangs from here

        var idle = Run(time, check, quietSince, TimeSpan.FromSeconds(5));
        var after = Step(time, check, quietSince);

        Assert.Equal(StallVerdict.Starved, busy[^1]);
        Assert.All(idle, v => Assert.Equal(StallVerdict.Starved, v));
        Assert.Equal(StallVerdict.Stalled, after);
    }

    [Fact]
    public void Check_CpuBelowTheMinimumProgress_CountsAsNone()
    {
        var (time, cpu, check) = Create();
        var quietSince = time.GetTimestamp();
        cpu.PerTick = TimeSpan.FromMilliseconds(0.5); // 10 ms in 5 s: under the 20 ms that shows progress

        Run(time, check, quietSince, TimeSpan.FromSeconds(5));

        Assert.Equal(StallVerdict.Stalled, Step(time, check, quietSince));
    }

    [Fact]
    public void Check_OutputFlows_FlowingHoweverLongAndWhateverTheCpu()
    {
        var (time, _, check) = Create();

        var verdicts = Run(time, check, null, TimeSpan.FromSeconds(60));

        Assert.All(verdicts, v => Assert.Equal(StallVerdict.Flowing, v));
    }

    [Fact]
    public void Check_NoCpuReadings_TheWallClockRuleAlone()
    {
        var (time, cpu, check) = Create();
        cpu.Gone = true;
        var quietSince = time.GetTimestamp();

        var verdicts = Run(time, check, quietSince, TimeSpan.FromSeconds(5));

        Assert.All(verdicts, v => Assert.Equal(StallVerdict.Waiting, v));
        Assert.Equal(StallVerdict.Stalled, Step(time, check, quietSince));
    }

    [Fact]
    public void Check_ProcessGoneMidRun_TheWallClockRule()
    {
        var (time, cpu, check) = Create();
        var quietSince = time.GetTimestamp();
        cpu.PerTick = TimeSpan.FromMilliseconds(10);
        Run(time, check, quietSince, TimeSpan.FromSeconds(6));
        cpu.Gone = true;

        Assert.Equal(StallVerdict.Stalled, Step(time, check, quietSince));
    }

    private static (FakeTimeProvider Time, FakeCpuTime Cpu, StallCheck Check) Create(Action<TranscodingOptions>? configure = null)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var cpu = new FakeCpuTime();
        var options = Options;
        configure?.Invoke(options);
        return (time, cpu, new StallCheck(options, cpu, time));
    }

    /// <summary>The verdicts of one check per tick until <paramref name="span"/> has passed (the first one at no time passed).</summary>
    private static List<StallVerdict> Run(FakeTimeProvider time, StallCheck check, long? quietSince, TimeSpan span)
    {
        var verdicts = new List<StallVerdict>();
        var start = time.GetUtcNow();
        verdicts.Add(check.Check(ProcessId, quietSince));
        while (time.GetUtcNow() - start < span)
        {
            verdicts.Add(Step(time, check, quietSince));
        }

        return verdicts;
    }

    private static StallVerdict Step(FakeTimeProvider time, StallCheck check, long? quietSince)
    {
        time.Advance(Tick);
        return check.Check(ProcessId, quietSince);
    }

    /// <summary>A process whose CPU time grows by <see cref="PerTick"/> each time it is read.</summary>
    private sealed class FakeCpuTime : IProcessCpuTime
    {
        private TimeSpan _used;

        public TimeSpan PerTick { get; set; }

        public bool Gone { get; set; }

        public int Reads { get; private set; }

        public TimeSpan? Read(int processId)
        {
            Assert.Equal(ProcessId, processId);
            Reads++;
            if (Gone)
            {
                return null;
            }

            _used += PerTick;
            return _used;
        }
    }
}
