using System.Diagnostics.CodeAnalysis;

// A member of the origin's face named before it was public. The face is consumed by this
// repository's C# hosts, where "Get" is an ordinary name; renaming it would churn every caller for
// a Visual Basic consumer that does not exist.
[assembly: SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Scope = "member",
    Target = "~M:SecureStream.Media.Cameras.ICameraStatistics.Get(SecureStream.Policy.Access.CameraPath)~SecureStream.Media.Cameras.CameraStatisticsSnapshot",
    Justification = "C# consumers only; see the comment above.")]
