using System.Text;

namespace SecureStream.DemoCameras;

/// <summary>
/// The clips built into the assembly (clips/make-clips.sh), loaded once per process, and the
/// deterministic mapping of any camera name onto one of them.
/// </summary>
internal sealed class DemoClipLibrary
{
    private const string ResourcePrefix = "SecureStream.DemoCameras.clips.";

    /// <summary>Must match clips/make-clips.sh.</summary>
    private static readonly DemoClipSpec[] BuiltInSpecs =
    [
        new("lobby", "lobby.h264", "tone.ulaw", 640, 360, 25, InRotation: true),
        new("gate", "gate.h264", "tone.ulaw", 640, 360, 25, InRotation: true),
        new("yard", "yard.h264", "tone.ulaw", 640, 360, 25, InRotation: true),
        new("lobby-gop4", "lobby-gop4.h264", "tone.ulaw", 640, 360, 25, InRotation: false),
    ];

    private static readonly Lazy<DemoClipLibrary> LazyBuiltIn = new(LoadBuiltIn);

    private readonly DemoClip[] _rotation;

    public DemoClipLibrary(IReadOnlyList<DemoClip> clips)
    {
        ArgumentNullException.ThrowIfNull(clips);
        if (clips.Count == 0)
        {
            throw new ArgumentException("At least one clip is needed.", nameof(clips));
        }

        Clips = clips;
        _rotation = [.. clips.Where(clip => clip.Spec.InRotation)];
        if (_rotation.Length == 0)
        {
            _rotation = [.. clips];
        }
    }

    /// <summary>The clips shipped in the assembly, decoded once and shared by every server in the process.</summary>
    public static DemoClipLibrary BuiltIn => LazyBuiltIn.Value;

    public IReadOnlyList<DemoClip> Clips { get; }

    /// <summary>
    /// The clip a camera name plays. A clip's own name plays it; <c>{clip}-{anything}</c> plays
    /// that clip (longest clip name wins, so <c>lobby-gop4-17</c> is <c>lobby-gop4</c>); any other
    /// name is hashed (FNV-1a over its UTF-8 bytes, stable across processes and machines) onto
    /// the clips in rotation.
    /// </summary>
    public DemoClip Resolve(string cameraName)
    {
        ArgumentNullException.ThrowIfNull(cameraName);
        DemoClip? best = null;
        foreach (var clip in Clips)
        {
            var matches = cameraName.Length == clip.Name.Length
                ? string.Equals(cameraName, clip.Name, StringComparison.Ordinal)
                : cameraName.Length > clip.Name.Length && cameraName[clip.Name.Length] == '-'
                    && cameraName.StartsWith(clip.Name, StringComparison.Ordinal);
            if (matches && (best is null || clip.Name.Length > best.Name.Length))
            {
                best = clip;
            }
        }

        return best ?? _rotation[(int)(Fnv1a(cameraName) % (uint)_rotation.Length)];
    }

    private static uint Fnv1a(string text)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return hash;
    }

    private static DemoClipLibrary LoadBuiltIn()
    {
        var assembly = typeof(DemoClipLibrary).Assembly;
        var resources = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        byte[] Read(string name)
        {
            if (!resources.TryGetValue(name, out var bytes))
            {
                using var stream = assembly.GetManifestResourceStream(ResourcePrefix + name)
                    ?? throw new InvalidDataException($"Demo clip resource {name} is missing from {assembly.GetName().Name}; run DemoCameras/clips/make-clips.sh and rebuild.");
                bytes = new byte[stream.Length];
                stream.ReadExactly(bytes);
                resources[name] = bytes;
            }

            return bytes;
        }

        return new DemoClipLibrary([.. BuiltInSpecs.Select(spec => DemoClip.Load(spec, Read(spec.VideoResource), Read(spec.AudioResource)))]);
    }
}
