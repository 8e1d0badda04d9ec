namespace SecureStream.Media.Cameras;

/// <summary>
/// Cameras registered through the management API (the <c>CameraRegistry</c> section). They are
/// kept in one JSON file, rewritten atomically (temp file + rename) on every change, so a restart
/// keeps them. The file holds camera URLs with their credentials: it is created readable by the
/// gateway's user only; keep it out of backups that others read.
/// </summary>
internal sealed class CameraRegistryOptions
{
    public const string SectionName = "CameraRegistry";

    /// <summary>Default <see cref="StorePath"/>, relative to the working directory.</summary>
    public const string DefaultStorePath = "data/cameras.json";

    /// <summary>The registry file.</summary>
    public string StorePath { get; set; } = DefaultStorePath;

    /// <summary>Virtual hosts the management API serves; empty = just <c>default</c>.</summary>
    public List<string> VirtualHosts { get; set; } = [];

    /// <summary>Most cameras the management API may register (bounds the file and memory).</summary>
    public int MaxRegistrations { get; set; } = 10_000;

    /// <summary>The virtual hosts in effect.</summary>
    public IReadOnlyList<string> EffectiveVirtualHosts => VirtualHosts.Count == 0 ? ["default"] : VirtualHosts;
}
