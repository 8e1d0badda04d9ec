namespace SecureStream.Policy.Audit;

/// <summary>
/// The journal's two touch points with the file system that tests must be able to replace: how a
/// file is opened (a test hands back a stream that fails like a full disk) and how much space is
/// free (a test sets it). Production uses <see cref="Default"/>.
/// </summary>
internal sealed class AuditStorage
{
    /// <summary>Real files and the real file system's free space.</summary>
    public static AuditStorage Default { get; } = new();

    /// <summary>Opens a journal, lock or checkpoint file.</summary>
    public Func<string, FileStreamOptions, FileStream> OpenFile { get; init; } = static (path, options) => new FileStream(path, options);

    /// <summary>Bytes available to this process on the file system holding the directory; null when unknown.</summary>
    public Func<string, long?> FreeBytes { get; init; } = static directory =>
    {
        try
        {
            return new DriveInfo(directory).AvailableFreeSpace;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    };
}
