namespace SecureStream.Media.Origin;

/// <summary>
/// The live sessions' figures for the operator console, read from the session itself when asked:
/// nothing is kept or copied per session for it.
/// </summary>
internal sealed class OriginViewerStatistics(OriginViewers viewers) : IViewerSessionStatistics
{
    public ViewerSessionFigures? FiguresOf(string sessionId)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        return viewers.TryGet(sessionId, out var viewer) && viewer is not null
            ? new ViewerSessionFigures(viewer.Session.WireOctetsSent, viewer.Session.Path)
            : null;
    }
}
