namespace SecureStream.LoadTool.Tests;

/// <summary>proc(5) parsing on files read from a running gateway, and hostile variants.</summary>
public sealed class ProcReaderTests
{
    private static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    [Fact]
    public void TryParseStat_GatewayFile_UtimePlusStimeInSecondsAndThreads()
    {
        Assert.True(ProcReader.TryParseStat(Fixture("dotnet-stat.txt"), out var cpu, out var threads));

        // utime 250 + stime 38 ticks at USER_HZ 100.
        Assert.Equal(TimeSpan.FromSeconds(2.88), cpu);
        Assert.Equal(19, threads);
    }

    [Fact]
    public void TryParseStat_CommWithSpacesAndParentheses_FieldsCountedAfterLastParenthesis()
    {
        const string stat = "4242 (a) b (c) R 1 4242 4242 0 -1 4194304 10 0 0 0 1234 566 0 0 20 0 7 0 100 1000 50 0\n";

        Assert.True(ProcReader.TryParseStat(stat, out var cpu, out var threads));

        Assert.Equal(TimeSpan.FromSeconds(18), cpu);
        Assert.Equal(7, threads);
    }

    [Theory]
    [InlineData("")]
    [InlineData("4242 (dotnet S 1 2 3")]
    [InlineData("4242 (dotnet) S 1 22802 1653 0 -1 4194304 16656 0 1 0")]
    [InlineData("4242 (dotnet) S 1 22802 1653 0 -1 4194304 16656 0 1 0 -250 38 0 0 20 0 19 0 1")]
    public void TryParseStat_TruncatedOrMalformed_False(string stat)
    {
        Assert.False(ProcReader.TryParseStat(stat, out _, out _));
    }

    [Fact]
    public void TryParseStatus_GatewayFile_ResidentBytesAndThreads()
    {
        Assert.True(ProcReader.TryParseStatus(Fixture("dotnet-status.txt"), out var resident, out var threads));

        Assert.Equal(119552L * 1024, resident);
        Assert.Equal(19, threads);
    }

    [Fact]
    public void TryParseStatus_NoVmRss_False()
    {
        // Kernel threads have no VmRSS line.
        Assert.False(ProcReader.TryParseStatus("Name:\tkthreadd\nState:\tS (sleeping)\nThreads:\t1\n", out _, out _));
    }

    [Fact]
    public void Read_ThisProcess_CpuMemoryThreadsAndFiles()
    {
        var sample = ProcReader.Read(Environment.ProcessId, TimeProvider.System);

        Assert.True(sample.Cpu > TimeSpan.Zero);
        Assert.True(sample.ResidentBytes > 1024 * 1024);
        Assert.True(sample.Threads >= 1);
        Assert.True(sample.OpenFiles >= 3);
        Assert.InRange(sample.Sockets, 0, sample.OpenFiles);
    }

    [Fact]
    public void Read_ThisProcessWithAListeningSocket_CountsIt()
    {
        var before = ProcReader.Read(Environment.ProcessId, TimeProvider.System);
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();

        var after = ProcReader.Read(Environment.ProcessId, TimeProvider.System);

        Assert.True(after.Sockets > before.Sockets);
    }
}
