using System.Buffers;
using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Text;
using SecureStream.Policy.Access;
using SecureStream.Proxy.RequestShape;
using SecureStream.Proxy.Sessions;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Model;

namespace SecureStream.Proxy.Forwarding;

/// <summary>
/// Chooses the origin of a request by rendezvous (highest-random-weight) hashing of the admitted
/// camera over the origins YARP offers (it has already left out those its health checks marked
/// down): every origin scores <c>XxHash64(camera, origin address)</c> and the highest wins
/// (docs/cluster.md, "Choosing the origin: rendezvous hashing").
/// </summary>
/// <remarks>
/// <para>The key is the camera (<c>app/stream</c>) alone, never the rendition, the forwarded query
/// or the signalling kind: every request for one camera — its WebSocket, WHEP offers and resources,
/// snapshots, main stream and substream — reaches the same origin, so one origin pulls it.</para>
/// <para>A WHEP session's later requests go to the origin its offer went to while that origin is
/// available, so a session is never split between origins when the choice moves.</para>
/// <para>Otherwise no state: the choice depends only on the camera and the set of available origins, named
/// by their normalised address (<see cref="OriginAddress"/>), not by their order in the
/// configuration. So front doors agree without talking to each other, and when an origin goes or
/// comes only the cameras whose highest score is that origin's move.</para>
/// <para>XxHash64 (System.IO.Hashing): a fixed, documented 64-bit function whose output is the same
/// in every process and version, unlike <see cref="string.GetHashCode()"/>, and fast enough to
/// hash the few origins of a cluster on every request without allocating. The camera name is not
/// secret and a client cannot pick an origin other than by choosing the camera it is entitled to,
/// so a keyed or cryptographic hash would add cost and no protection.</para>
/// </remarks>
internal sealed class CameraRendezvousPolicy : ILoadBalancingPolicy
{
    public const string PolicyName = "CameraRendezvous";

    // Camera names are at most 128 + 1 + 128 safe ASCII characters; origin addresses are short.
    private const int StackBufferBytes = 512;

    // A WHEP session's later requests (trickle ICE, hang-up) must reach the origin that holds it,
    // even when the camera's choice has moved since the offer (an origin came back or was added).
    // Weak: the entry goes with the session.
    private readonly ConditionalWeakTable<AdmittedSession, string> _whepOrigins = new();

    public string Name => PolicyName;

    public DestinationState? PickDestination(HttpContext context, ClusterState cluster, IReadOnlyList<DestinationState> availableDestinations)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(availableDestinations);
        var admission = context.Features.Get<GateAdmission>()
            ?? throw new InvalidOperationException("A request reached origin selection without an admission; the gate must run first.");
        var session = admission.Session;
        if (admission.Kind == SignallingKind.WhepResource && _whepOrigins.TryGetValue(session, out var held) &&
            Find(availableDestinations, held) is { } holder)
        {
            return holder;
        }

        var chosen = Pick(session.Camera, availableDestinations);
        if (admission.Kind == SignallingKind.WhepOffer && chosen is not null)
        {
            _whepOrigins.AddOrUpdate(session, chosen.Model.Config.Address);
        }

        return chosen;
    }

    /// <summary>The destination with the highest score for <paramref name="camera"/>, or null when there is none.</summary>
    public static DestinationState? Pick(CameraPath camera, IReadOnlyList<DestinationState> destinations)
    {
        ArgumentNullException.ThrowIfNull(destinations);
        DestinationState? best = null;
        ulong bestScore = 0;
        for (var i = 0; i < destinations.Count; i++)
        {
            var candidate = destinations[i];
            var score = Score(camera, candidate.Model.Config.Address);

            // Equal 64-bit scores are all but impossible; the address order still settles one the same everywhere.
            if (best is null || score > bestScore ||
                (score == bestScore && string.CompareOrdinal(candidate.Model.Config.Address, best.Model.Config.Address) < 0))
            {
                best = candidate;
                bestScore = score;
            }
        }

        return best;
    }

    private static DestinationState? Find(IReadOnlyList<DestinationState> destinations, string address)
    {
        for (var i = 0; i < destinations.Count; i++)
        {
            if (string.Equals(destinations[i].Model.Config.Address, address, StringComparison.Ordinal))
            {
                return destinations[i];
            }
        }

        return null;
    }

    /// <summary>
    /// The weight of <paramref name="originAddress"/> for <paramref name="camera"/>: XxHash64 (seed 0)
    /// of the UTF-8 bytes of <c>app/stream</c>, a line feed, and the address. The line feed cannot
    /// occur in either part, so no two different pairs hash the same bytes.
    /// </summary>
    public static ulong Score(CameraPath camera, string originAddress)
    {
        ArgumentNullException.ThrowIfNull(originAddress);
        var length = Encoding.UTF8.GetMaxByteCount(camera.App.Length + 2 + camera.Stream.Length + originAddress.Length);
        byte[]? rented = null;
        var buffer = length <= StackBufferBytes ? stackalloc byte[StackBufferBytes] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = Encoding.UTF8.GetBytes(camera.App, buffer);
            buffer[written++] = (byte)'/';
            written += Encoding.UTF8.GetBytes(camera.Stream, buffer[written..]);
            buffer[written++] = (byte)'\n';
            written += Encoding.UTF8.GetBytes(originAddress, buffer[written..]);
            return XxHash64.HashToUInt64(buffer[..written]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
