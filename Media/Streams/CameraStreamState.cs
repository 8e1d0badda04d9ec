namespace SecureStream.Media.Streams;

/// <summary>The life of one camera's stream (docs/architecture.md, camera streams).</summary>
internal enum CameraStreamState
{
    /// <summary>Nothing pulled; also the state after the stream is released.</summary>
    Idle,

    /// <summary>The first source is starting; subscribers wait (bounded by the start timeout).</summary>
    Starting,

    /// <summary>Tracks known and subscribers attached; during a failover the stream stays Ready and subscribers stay attached.</summary>
    Ready,

    /// <summary>Nobody watches; the pull is kept until the unused-stream deletion timeout passes.</summary>
    Draining,
}
