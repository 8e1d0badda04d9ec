using SecureStream.Policy.Access;

namespace SecureStream.Media.Streams;

/// <summary>
/// A pull's identity in the <see cref="StreamHub"/>: the camera, which of its streams (main or
/// substream) and the canonical forwarded query its URL carries (<c>""</c> for the plain URL).
/// See <see cref="CameraPullPlan.VariantOf"/>. Every key of one camera counts toward
/// <see cref="StreamHub.MaxVariantsPerCamera"/>, the substream's included.
/// </summary>
/// <param name="Camera">The registered camera.</param>
/// <param name="Variant">The forwarded query appended to the camera's URLs, compared ordinally.</param>
/// <param name="Rendition">The stream pulled: the camera's <c>urls</c> or its <c>substreamUrls</c>.</param>
internal readonly record struct PullKey(CameraPath Camera, string Variant, CameraRendition Rendition = CameraRendition.Main);
