using System.Diagnostics.CodeAnalysis;

// Members of the origin's face named before they were public. The face is consumed by this
// repository's C# hosts, where "Get" and "end" are ordinary names; renaming them would churn every
// caller for a Visual Basic consumer that does not exist.
[assembly: SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Scope = "member",
    Target = "~M:SecureStream.Media.Cameras.ICameraStatistics.Get(SecureStream.Policy.Access.CameraPath)~SecureStream.Media.Cameras.CameraStatisticsSnapshot",
    Justification = "C# consumers only; see the comment above.")]
[assembly: SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Scope = "member",
    Target = "~M:SecureStream.Media.Origin.IViewerSessionObserver.SessionEnded(SecureStream.Media.Origin.ViewerSessionEnd)",
    Justification = "C# consumers only; see the comment above.")]
