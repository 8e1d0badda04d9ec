namespace SecureStream.Media.Frames;

/// <summary>Makes a source for a camera URL (rtsp://, rtsps://, demo://).</summary>
internal interface ICameraSourceFactory
{
    ICameraSource Create(Uri url);
}
