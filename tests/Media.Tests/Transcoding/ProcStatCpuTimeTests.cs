using System.Diagnostics;
using SecureStream.Media.Transcoding;

namespace SecureStream.Media.Tests.Transcoding;

/// <summary>Reading a child's CPU time from /proc, and the fallback where there is none.</summary>
public sealed class ProcStatCpuTimeTests
{
    [Theory]
    [InlineData("1234 (ffmpeg) S 1 1234 1234 0 -1 4194560 1500 0 0 0 250 40 0 0 30 10 2 0 100 0 0", 2.9)]
    [InlineData("1234 (a) b (c)) R 1 1234 1234 0 -1 4194560 1500 0 0 0 7 3 0 0 30 10 2 0 100 0 0", 0.1)]
    public void Parse_StatLine_UserPlusSystemTime(string stat, double seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), ProcStatCpuTime.Parse(stat, 100));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1234 ffmpeg S 1")]
    [InlineData("1234 (ffmpeg) S 1 1234 1234 0 -1 4194560 1500 0 0 0 250")]
    [InlineData("1234 (ffmpeg) S 1 1234 1234 0 -1 4194560 1500 0 0 0 -5 40 0")]
    public void Parse_Malformed_Null(string stat)
    {
        Assert.Null(ProcStatCpuTime.Parse(stat, 100));
    }

    [Fact]
    public void Read_NoProcEntry_Null()
    {
        var root = Directory.CreateTempSubdirectory("proc-").FullName;
        try
        {
            Assert.Null(new ProcStatCpuTime(root, 100).Read(4242));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task Probe_OnLinux_ReadsABusyChildsGrowingCpuTime()
    {
        Assert.True(OperatingSystem.IsLinux(), "the gateway's tests run on Linux");
        var reader = ProcStatCpuTime.Probe();
        Assert.IsType<ProcStatCpuTime>(reader);

        using var busy = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", "while :; do :; done"])) ?? throw new InvalidOperationException("sh did not start");
        try
        {
            var first = reader.Read(busy.Id);
            Assert.NotNull(first);
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (reader.Read(busy.Id) is { } now && now - first < TimeSpan.FromMilliseconds(50))
            {
                await Task.Delay(50, deadline.Token); // a busy machine gives the loop its share, slowly
            }

            Assert.True(reader.Read(busy.Id) > first);
        }
        finally
        {
            busy.Kill();
            await busy.WaitForExitAsync();
        }

        Assert.Null(reader.Read(busy.Id)); // reaped: no entry
    }

    [Fact]
    public void Read_Fallback_NeverAReading()
    {
        Assert.Null(NoProcessCpuTime.Instance.Read(Environment.ProcessId));
    }
}
