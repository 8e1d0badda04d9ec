namespace SecureStream.Policy.Tests.Audit;

/// <summary>
/// A real file that behaves like one on a full disk while <see cref="DiskFull"/> is set: a write
/// puts half its bytes on disk and then fails with ENOSPC, as write(2) does when space runs out
/// mid-buffer.
/// </summary>
internal sealed class FullDiskFileStream(string path, FileStreamOptions options, Func<bool> diskFull) : FileStream(path, options)
{
    private const int Enospc = 28;

    // A type derived from FileStream gets span writes routed here by FileStream itself.
    public override void Write(byte[] buffer, int offset, int count)
    {
        if (diskFull())
        {
            base.Write(buffer, offset, count / 2);
            throw new IOException("No space left on device", Enospc);
        }

        base.Write(buffer, offset, count);
    }
}
