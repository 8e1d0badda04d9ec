namespace SecureStream.Media.Tests.Cameras;

/// <summary>A secret in a temp file, referenced as <c>file:/path</c>, deleted when disposed.</summary>
internal sealed class TempSecret : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "securestream-secret-" + Guid.NewGuid().ToString("N"));

    public TempSecret(string value) => File.WriteAllText(_path, value);

    public string Reference => "file:" + _path;

    public void Dispose() => File.Delete(_path);
}
