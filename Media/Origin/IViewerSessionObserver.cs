namespace SecureStream.Media.Origin;

/// <summary>
/// Told when a viewer session ends on the origin. The gateway's front door implements it to close
/// the admitted session (single node: in process); a standalone origin has none yet.
/// </summary>
public interface IViewerSessionObserver
{
    void SessionEnded(ViewerSessionEnd end);
}

/// <summary>No front door in this process to tell.</summary>
internal sealed class NoViewerSessionObserver : IViewerSessionObserver
{
    public void SessionEnded(ViewerSessionEnd end)
    {
    }
}
