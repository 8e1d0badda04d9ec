namespace SecureStream.Media.Frames;

/// <summary>A camera could not be pulled; <see cref="Reason"/> is a short stable code for logs and statistics.</summary>
internal sealed class CameraSourceException : Exception
{
    public CameraSourceException(string reason, string message)
        : base(message) => Reason = reason;

    public CameraSourceException(string reason, string message, Exception inner)
        : base(message, inner) => Reason = reason;

    public CameraSourceException()
        : this("unknown", "camera source failed")
    {
    }

    public CameraSourceException(string message)
        : this("unknown", message)
    {
    }

    public CameraSourceException(string message, Exception inner)
        : this("unknown", message, inner)
    {
    }

    public string Reason { get; }
}
