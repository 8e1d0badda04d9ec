namespace SecureStream.FirstFrame;

/// <summary>Whether the camera is already pulled when the measured viewer asks for it.</summary>
internal enum ViewerMode
{
    /// <summary>Nobody watches: the viewer's request starts the pull (RTSP to the camera, then the first keyframe).</summary>
    Cold,

    /// <summary>Another viewer is already watching: the gateway holds the kept group of pictures.</summary>
    Warm,
}
