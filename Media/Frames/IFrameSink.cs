namespace SecureStream.Media.Frames;

/// <summary>
/// Where a camera source delivers what it receives. Called from the source's receive loop: an
/// implementation must not block (queue and return).
/// </summary>
internal interface IFrameSink
{
    void OnFrame(MediaFrame frame);

    /// <summary>The source stopped for good (camera gone, protocol error, TEARDOWN); a short reason code.</summary>
    void OnSourceEnded(string reason);
}
