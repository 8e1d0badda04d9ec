using System.Net.Sockets;
using Microsoft.Extensions.Options;
using SecureStream.Proxy.Listeners;

namespace SecureStream.Proxy.Tests.Listeners;

/// <summary>
/// The embedded origin's Unix socket path made ready at start: a private directory per process by
/// default, a configured path checked (length, directory mode and owner), a stale socket file
/// removed, a live one refused.
/// </summary>
// Directory modes are the socket's protection: Linux (and macOS) only, as the feature is.
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class OriginSocketTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ss-sock-").FullName;

    [Fact]
    public void IsChosen_DefaultTcp_AutoOnLinux_UnixSocket()
    {
        Assert.False(OriginSocket.IsChosen(new OriginSocketOptions()));
        Assert.Equal(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), OriginSocket.IsChosen(new OriginSocketOptions { Mode = OriginTransport.Auto }));
        Assert.True(OriginSocket.IsChosen(new OriginSocketOptions { Mode = OriginTransport.UnixSocket }));
        Assert.False(OriginSocket.IsChosen(new OriginSocketOptions { Mode = OriginTransport.Tcp }));
    }

    [Fact]
    public void Prepare_NoPath_PrivateDirectoryPerProcess_0700_RemovedAtStop()
    {
        var first = OriginSocket.Prepare(new OriginSocketOptions());
        var second = OriginSocket.Prepare(new OriginSocketOptions());
        try
        {
            var directory = Path.GetDirectoryName(first.Path)!;
            Assert.NotEqual(first.Path, second.Path);
            Assert.Equal(OriginSocket.FileName, Path.GetFileName(first.Path));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(directory));
            Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(first.Path), 1, OriginSocketOptions.MaxPathBytes);

            first.Remove();

            Assert.False(Directory.Exists(directory));
        }
        finally
        {
            first.Remove();
            second.Remove();
        }
    }

    [Fact]
    public void Prepare_DirectoryOpenToGroupOrOthers_RefusedNamingTheModeAndTheFix()
    {
        File.SetUnixFileMode(_directory, (UnixFileMode)Convert.ToInt32("755", 8));

        var error = Assert.Throws<OptionsValidationException>(() => Prepare(Path.Combine(_directory, "origin.sock")));

        Assert.Contains("Listeners:OriginSocket:Path", error.Message, StringComparison.Ordinal);
        Assert.Contains("mode 0755", error.Message, StringComparison.Ordinal);
        Assert.Contains("chmod 700", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Prepare_DirectoryMissing_Refused()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Prepare(Path.Combine(_directory, "absent", "origin.sock")));

        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Prepare_PathLongerThanASocketHolds_RefusedWithTheLimit()
    {
        var path = Path.Combine(_directory, new string('s', 120) + ".sock");

        var error = Assert.Throws<OptionsValidationException>(() => Prepare(path));

        Assert.Contains($"at most {OriginSocketOptions.MaxPathBytes}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Prepare_StaleSocketFileOfACrashedGateway_RemovedAndReported()
    {
        var path = Path.Combine(_directory, "origin.sock");
        LeaveStaleSocketFile(path);

        var prepared = Prepare(path);

        Assert.True(prepared.RemovedStaleFile);
        Assert.False(File.Exists(path));
        using var next = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        next.Bind(new UnixDomainSocketEndPoint(path));
    }

    [Fact]
    public void Prepare_AnotherProcessListensThere_Refused_ItsFileKept()
    {
        var path = Path.Combine(_directory, "origin.sock");
        using var live = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        live.Bind(new UnixDomainSocketEndPoint(path));
        live.Listen();

        var error = Assert.Throws<OptionsValidationException>(() => Prepare(path));

        Assert.Contains("another process listens", error.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(path));
    }

    [Fact]
    public void Prepare_ARegularFileAtThePath_Refused_NotDeleted()
    {
        var path = Path.Combine(_directory, "origin.sock");
        File.WriteAllText(path, "not a socket");

        var error = Assert.Throws<OptionsValidationException>(() => Prepare(path));

        Assert.Contains("is not a socket", error.Message, StringComparison.Ordinal);
        Assert.Equal("not a socket", File.ReadAllText(path));
    }

    [Theory]
    [InlineData("relative/origin.sock", "is not an absolute path")]
    [InlineData("/run/securestream/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.sock", "at most 103")]
    public void Validator_BadPath_ErrorNamesTheKey(string path, string expected)
    {
        var result = new ListenerOptionsValidator().Validate(null, new ListenerOptions { OriginSocket = new OriginSocketOptions { Path = path } });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith("Listeners:OriginSocket:Path", StringComparison.Ordinal) && f.Contains(expected, StringComparison.Ordinal));
    }

    public void Dispose()
    {
        File.SetUnixFileMode(_directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>
    /// A socket file nothing listens on, as a crashed gateway leaves it: bound and listened on,
    /// moved to <paramref name="path"/> (a rename keeps the socket), then closed — .NET unlinks
    /// only the path it bound, which no longer exists.
    /// </summary>
    internal static void LeaveStaleSocketFile(string path)
    {
        var bound = path + ".bound";
        using (var crashed = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            crashed.Bind(new UnixDomainSocketEndPoint(bound));
            crashed.Listen();
            File.Move(bound, path);
        }

        Assert.True(File.Exists(path));
        Assert.False(File.Exists(bound));
    }

    private static OriginSocket Prepare(string path) =>
        OriginSocket.Prepare(new OriginSocketOptions { Mode = OriginTransport.UnixSocket, Path = path });
}
