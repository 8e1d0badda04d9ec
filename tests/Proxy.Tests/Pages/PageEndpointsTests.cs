using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using SecureStream.Policy.Access;
using SecureStream.Proxy.Pages;

namespace SecureStream.Proxy.Tests.Pages;

public sealed class PageEndpointsTests
{
    [Fact]
    public void Map_DemoCamerasDisabled_MapsThePagesAndNoLinkList()
    {
        Assert.Equal(
            ["/", "/console/assets/{name}", "/favicon.ico", "/play/{app}/{stream}"],
            Routes(demoCameras: false).Select(r => r.Pattern).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Map_DemoCamerasEnabled_AddsTheWallLinkList()
    {
        Assert.Contains(PageEndpoints.WallLinksPath, Routes(demoCameras: true).Select(r => r.Pattern));
    }

    [Fact]
    public void Map_EveryRoute_AnswersGetOnly()
    {
        // Signalling is POST, PATCH, DELETE, OPTIONS or a WebSocket GET on /{app}/{stream}: none of
        // those may be answered by a page route instead of reaching the gate.
        Assert.All(Routes(demoCameras: true), route => Assert.Equal(["GET"], route.Methods));
    }

    [Fact]
    public void WhepClient_EveryRefusalReason_HasWordsForTheViewer()
    {
        var script = Encoding.UTF8.GetString(PageAssets.Load().Find("whep-client.js")!.Content.Span);
        var missing = Enum.GetValues<AccessReason>()
            .Where(reason => reason != AccessReason.Allowed)
            .Select(reason => reason.ToCode())
            .Where(code => !script.Contains("\n  " + code + ": '", StringComparison.Ordinal))
            .ToList();
        Assert.Empty(missing);
    }

    private static List<(string Pattern, IReadOnlyList<string> Methods)> Routes(bool demoCameras)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["DemoCameras:Enabled"] = demoCameras ? "true" : "false" });
        var app = builder.Build();
        PageEndpoints.Map(app);
        return [.. ((IEndpointRouteBuilder)app).DataSources
            .SelectMany(source => source.Endpoints)
            .OfType<RouteEndpoint>()
            .Select(e => (e.RoutePattern.RawText!, e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []))];
    }
}
