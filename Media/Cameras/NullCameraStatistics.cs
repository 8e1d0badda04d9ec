using SecureStream.Policy.Access;

namespace SecureStream.Media.Cameras;

/// <summary>Statistics before the stream hub exists: nothing is pulled, so every camera is idle.</summary>
internal sealed class NullCameraStatistics : ICameraStatistics
{
    public CameraStatisticsSnapshot? Get(CameraPath camera) => null;
}
