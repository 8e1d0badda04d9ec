using System.Diagnostics;
using SecureStream.Media.Transcoding;

namespace SecureStream.Media.Tests.Transcoding;

/// <summary>Reading a child's CPU time, and no reading once it is gone.</summary>
public sealed class ProcessCpuTimeTests
{
    [Fact]
    public async Task Read_BusyChild_GrowsThenNoneOnceReaped()
    {
        var reader = ProcessCpuTime.Instance;
        using var busy = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", "while :; do :; done"])) ?? throw new InvalidOperationException("sh did not start");
        int id = busy.Id;
        try
        {
            var first = reader.Read(id);
            Assert.NotNull(first);
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (reader.Read(id) is { } now && now - first < TimeSpan.FromMilliseconds(50))
            {
                await Task.Delay(50, deadline.Token); // a busy machine gives the loop its share, slowly
            }

            Assert.True(reader.Read(id) > first);
        }
        finally
        {
            busy.Kill();
            await busy.WaitForExitAsync();
        }

        Assert.Null(reader.Read(id)); // reaped: no such process
    }

    [Fact]
    public void Read_NoSuchProcess_Null()
    {
        // Above the kernel's largest pid (pid_max is at most 2^22), so never a live process.
        Assert.Null(ProcessCpuTime.Instance.Read(int.MaxValue));
    }
}
