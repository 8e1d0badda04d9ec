using SecureStream.Policy.Access;

namespace SecureStream.Media.Streams;

/// <summary>
/// A pull's identity in the <see cref="StreamHub"/>: the camera and the canonical forwarded query
/// its URL carries (<c>""</c> for the plain URL). See <see cref="CameraPullPlan.VariantOf"/>.
/// </summary>
/// <param name="Camera">The registered camera.</param>
/// <param name="Variant">The forwarded query appended to the camera's URLs, compared ordinally.</param>
internal readonly record struct PullKey(CameraPath Camera, string Variant);
