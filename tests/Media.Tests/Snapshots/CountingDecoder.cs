using SecureStream.Media.Frames;
using SecureStream.Media.Snapshots;

namespace SecureStream.Media.Tests.Snapshots;

/// <summary>A decoder that counts its calls and answers when the test says so (or at once with <see cref="AnswerAtOnce"/>).</summary>
internal sealed class CountingDecoder : IKeyframeDecoder
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _calls;

    public bool AnswerAtOnce { get; init; }

    public KeyframeDecode Answer { get; init; } = KeyframeDecode.Decoded(SnapshotTestData.TinyJpeg);

    public int Calls => Volatile.Read(ref _calls);

    public ReadOnlyMemory<byte> LastInput { get; private set; }

    public void Release() => _release.TrySetResult();

    public async Task<KeyframeDecode> DecodeAsync(MediaCodec codec, ReadOnlyMemory<byte> annexB, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        LastInput = annexB;
        if (!AnswerAtOnce)
        {
            await _release.Task.WaitAsync(cancellationToken);
        }

        return Answer;
    }
}
