using SecureStream.Media.Streams;

namespace SecureStream.Media.Transcoding;

/// <summary>One viewer's share of a transcoder; disposing it (once) leaves, and the last lease stops the transcoder.</summary>
internal sealed class TranscoderLease(TranscoderHub hub, Transcoder transcoder, StreamSubscription viewer) : IAsyncDisposable
{
    private int _disposed;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await hub.LeaveAsync(transcoder, viewer).ConfigureAwait(false);
        }
    }
}
