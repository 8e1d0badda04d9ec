using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using SecureStream.Media.Tests.Interop;
using SecureStream.Media.Tests.WebRtc.Sdp;
using SecureStream.Policy.Tests.Admission;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Functional;

/// <summary>
/// The admission webhook failing, through the whole gateway in front of a real GStreamer camera
/// that counts its own connections: the viewer gets 503 <c>webhook_unavailable</c> with
/// <c>Retry-After</c>, exactly one decision record says how the webhook failed, and the camera is
/// never contacted. Then the same offer, once the webhook answers, does reach the camera, so its
/// count of zero was a real zero.
/// </summary>
public sealed class WebhookFailureTests
{
    private const string Camera = "demo/h264";

    /// <summary>Each way the receiver fails, and the <c>webhook_outcome</c> the decision record names (docs/webhooks.md#fail-closed).</summary>
    public static TheoryData<string, string> Failures => new()
    {
        { "timeout", "timeout" },
        { "bad_json", "malformed_response" },
        { "connection_reset", "connection_error" },
        { "http_500", "http_status" },
        { "connection_refused", "connection_error" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task WebhookFails_Viewer503WebhookUnavailable_OneDecisionRecord_CameraNeverContacted(string failure, string outcome)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var camera = await GStreamerCamera.StartAsync(timeout.Token);
        using var refusing = new RefusingPort();
        await using var gateway = await GStreamerGateway.StartAsync(
            [camera],
            webhook: true,
            policySections: failure == "connection_refused" ? policy => AdmissionUrl(policy, refusing.Url("/admission")) : null);
        gateway.Webhook.Respond = Failing(failure);

        using var refused = await GateProbe.OfferAsync(gateway, gateway.SignedLink(Camera, suffix: "/whep"), ChromiumOffers.Offer);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("webhook_unavailable", await SessionLifecycleTests.ReasonAsync(refused));
        Assert.NotNull(refused.Headers.RetryAfter);
        var decision = await ExactlyOnce.SingleAsync(gateway.Decisions, "access.decision record");
        Assert.Equal(
            ("deny", "webhook_unavailable", outcome),
            (Text(decision, "decision"), Text(decision, "reason"), Text(decision, "webhook_outcome")));
        Assert.Empty(gateway.Sessions.All);
        // The failure really was the receiver's: it got the one opening call (none when refused).
        Assert.Equal(failure == "connection_refused" ? 0 : 1, gateway.Webhook.Openings.Count());
        // The camera's own count, read after the moment ExactlyOnce waited: no connection, not even one that came and went.
        Assert.Equal((0, 0), (camera.Connections, camera.Clients));

        // The control: the receiver answers, and the same offer now reaches the camera.
        gateway.Webhook.Respond = context => WebhookReceiver.WriteJsonAsync(context, 200, "{\"allowed\":true}");
        if (failure == "connection_refused")
        {
            gateway.WritePolicy(null, webhook: true);
            using var reload = await gateway.SendManagementAsync(HttpMethod.Post, "/v1/policy/reload");
            Assert.Equal(HttpStatusCode.OK, reload.StatusCode);
        }

        using var admitted = await GateProbe.OfferAsync(gateway, gateway.SignedLink(Camera, suffix: "/whep"), ChromiumOffers.Offer);
        await GateProbe.AssertCreatedAsync(admitted);
        await camera.WaitForClientsAsync(1, timeout.Token);
        Assert.Equal(1, camera.Connections);
    }

    /// <summary>The receiver's scripted failure: it is a real HTTP server, so each is what a broken one does on the wire.</summary>
    private static Func<HttpContext, Task> Failing(string failure) => failure switch
    {
        // Never answers; the gateway gives up after the policy's timeoutMs (5000 in GatewayUnderTest).
        "timeout" => async context =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The gateway hung up: what a timeout looks like from here.
            }
        },
        "bad_json" => context => WebhookReceiver.WriteJsonAsync(context, 200, "{\"allowed\":tru"),
        // Closes the connection with linger 0: the kernel sends RST, not FIN, with no response at all.
        "connection_reset" => context =>
        {
            var socket = context.Features.Get<IConnectionSocketFeature>()?.Socket
                ?? throw new InvalidOperationException("Kestrel's socket transport exposes the connection's socket");
            socket.LingerState = new LingerOption(enable: true, seconds: 0);
            socket.Dispose();
            context.Abort();
            return Task.CompletedTask;
        },
        "http_500" => context => WebhookReceiver.WriteJsonAsync(context, 500, "{}"),
        // The policy points at a held port where nothing listens; the receiver is never called.
        "connection_refused" => context => WebhookReceiver.WriteJsonAsync(context, 200, "{\"allowed\":true}"),
        _ => throw new ArgumentOutOfRangeException(nameof(failure), failure, "not a scripted failure"),
    };

    /// <summary>The policy's admission section with its url replaced, everything else (secret, timeouts) kept.</summary>
    private static void AdmissionUrl(Dictionary<string, object?> policy, Uri url)
    {
        var admission = JsonSerializer.SerializeToNode(policy["admission"])!.AsObject();
        admission["url"] = url.ToString();
        policy["admission"] = admission;
    }

    private static string? Text(JsonElement record, string name) =>
        record.TryGetProperty(name, out var value) ? value.GetString() : null;
}
