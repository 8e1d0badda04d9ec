using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SecureStream.Media.Cameras;
using SecureStream.Policy.Access;

namespace SecureStream.Media.Tests.Cameras;

public sealed class RegisteredCameraStoreTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("securestream-cameras-").FullName;

    private string StorePath => Path.Combine(_directory, "data", "cameras.json");

    internal RegisteredCameraStore Open() =>
        new(Options.Create(new CameraRegistryOptions { StorePath = StorePath, MaxRegistrations = 3 }), NullLogger<RegisteredCameraStore>.Instance);

    internal static CameraRegistration Camera(string stream, string url = "rtsp://admin:hunter2@10.0.0.5:554/s1") =>
        new(new CameraPath("app", stream), [Parse(url)], CameraProperties.Default with { RetryCount = 3 }, Persistent: true, CameraSource.Rest)
        {
            VirtualHost = "default",
            CreatedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
        };

    private static CameraUrl Parse(string url) => CameraUrl.TryParse(url, out var parsed, out _) ? parsed! : throw new ArgumentException(url);

    [Fact]
    public async Task Registrations_SurviveRestart_WithCredentialsAndProperties()
    {
        using (var store = Open())
        {
            Assert.Equal(CameraStoreOutcome.Added, await store.AddAsync(Camera("cam1"), CancellationToken.None));
            Assert.Equal(CameraStoreOutcome.Added, await store.AddAsync(Camera("cam2"), CancellationToken.None));
            Assert.Equal(CameraStoreOutcome.Removed, await store.RemoveAsync(new CameraPath("app", "cam2"), CancellationToken.None));
        }

        using var reopened = Open();
        var found = reopened.Find(new CameraPath("app", "cam1"));
        Assert.NotNull(found);
        Assert.Null(reopened.Find(new CameraPath("app", "cam2")));
        Assert.Equal("rtsp://admin:hunter2@10.0.0.5:554/s1", found!.Urls.Single().ToUnredactedString());
        Assert.Equal(3, found.Properties.RetryCount);
        Assert.True(found.Persistent);
        Assert.Equal("default", found.VirtualHost);
        Assert.Equal(CameraSource.Rest, found.Source);
    }

    [Fact]
    public async Task Write_IsAtomic_NoTemporaryFilesLeft_OwnerOnly()
    {
        using var store = Open();
        await store.AddAsync(Camera("cam1"), CancellationToken.None);

        Assert.Equal(["cameras.json"], Directory.GetFiles(Path.GetDirectoryName(StorePath)!).Select(Path.GetFileName));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(StorePath));
        }
    }

    [Fact]
    public async Task Add_Existing_Exists_Full_Refused_NothingChanged()
    {
        using var store = Open();
        await store.AddAsync(Camera("cam1"), CancellationToken.None);
        var before = File.ReadAllText(StorePath);

        Assert.Equal(CameraStoreOutcome.Exists, await store.AddAsync(Camera("cam1", "rtsp://other/x"), CancellationToken.None));
        Assert.Equal(before, File.ReadAllText(StorePath));
        Assert.Equal(CameraStoreOutcome.NotFound, await store.RemoveAsync(new CameraPath("app", "nope"), CancellationToken.None));
        await store.AddAsync(Camera("cam2"), CancellationToken.None);
        await store.AddAsync(Camera("cam3"), CancellationToken.None);
        Assert.Equal(CameraStoreOutcome.Full, await store.AddAsync(Camera("cam4"), CancellationToken.None));
    }

    [Fact]
    public async Task WriteFails_ChangeNotApplied()
    {
        using var store = Open();
        await store.AddAsync(Camera("cam1"), CancellationToken.None);
        File.Delete(StorePath);
        Directory.CreateDirectory(StorePath);

        Assert.Equal(CameraStoreOutcome.StoreFailed, await store.AddAsync(Camera("cam2"), CancellationToken.None));
        Assert.Null(store.Find(new CameraPath("app", "cam2")));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"version\":2,\"cameras\":[]}")]
    [InlineData("{\"version\":1,\"cameras\":[],\"extra\":1}")]
    [InlineData("{\"version\":1,\"version\":1,\"cameras\":[]}")]
    [InlineData("{\"version\":1,\"cameras\":[{\"vhost\":\"default\",\"app\":\"app\",\"stream\":\"../x\",\"urls\":[\"rtsp://h/x\"]}]}")]
    [InlineData("{\"version\":1,\"cameras\":[{\"vhost\":\"default\",\"app\":\"app\",\"stream\":\"x\",\"urls\":[\"http://h/x\"],\"noInputFailoverTimeoutMs\":3000}]}")]
    public void CorruptFile_StopsTheStart_WithoutEchoingUrls(string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(StorePath)!);
        File.WriteAllText(StorePath, content);

        var error = Assert.Throws<InvalidOperationException>(Open);
        Assert.Contains(StorePath, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("http://h", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
