using System.Diagnostics;
using System.Net;
using System.Text;
using SecureStream.Proxy.Cli;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Functional;

/// <summary>
/// The documented disk-full behaviour on a real full file system: a 1 MiB tmpfs mounted for the
/// test (needs root, as CI runs; fails loudly otherwise). While it is full every viewer is refused
/// with 503 audit_unavailable, /readyz answers 503 and /healthz says why (still 200: liveness); once space is back the gateway admits again
/// without a restart, and the chain on disk is intact.
/// </summary>
[Collection("environment")]
public sealed class AuditDiskFullTests
{
    [Fact]
    public async Task DiskFull_ViewersRefused503ThenAdmittedOnceSpaceIsBack_ChainIntact()
    {
        var mount = Directory.CreateTempSubdirectory("ss-audit-tmpfs-").FullName;
        Run("mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", mount);
        try
        {
            var directory = Path.Combine(mount, "audit");
            var gateway = await GatewayUnderTest.StartAsync(
                policySections: policy => policy["operators"] = new object[] { new { id = "alice", cameras = new[] { "app/cam1" }, maxSessions = 100 } },
                settings: new Dictionary<string, string?>
            {
                ["Audit:JournalPath"] = Path.Combine(directory, "audit.jsonl"),
                ["Audit:DiskWarnFreeBytes"] = "65536",
                ["Audit:DiskMinFreeBytes"] = "16384",
            });
            var key = Path.GetTempFileName();
            try
            {
                File.Copy(gateway.CheckpointKeyPath, key, overwrite: true);
                Assert.Equal(HttpStatusCode.Created, (await Admit(gateway)).StatusCode);
                Assert.Equal("ok", await HealthAsync(gateway, HttpStatusCode.OK));

                var filler = Path.Combine(mount, "filler");
                Fill(filler);
                // tmpfs allocates in pages: the journal's last page may still take a line or two.
                HttpResponseMessage? refused = null;
                for (var i = 0; i < 50 && refused is null; i++)
                {
                    var response = await Admit(gateway);
                    refused = response.StatusCode == HttpStatusCode.ServiceUnavailable ? response : null;
                }

                Assert.NotNull(refused);
                Assert.Equal("audit_unavailable", await SessionLifecycleTests.ReasonAsync(refused));
                Assert.Equal(HttpStatusCode.ServiceUnavailable, (await Admit(gateway)).StatusCode);
                // Liveness stays 200 (a restart would not free the disk); readiness takes the node out of rotation.
                Assert.StartsWith("unhealthy: ", await HealthAsync(gateway, HttpStatusCode.OK), StringComparison.Ordinal);
                using (var ready = await gateway.Client.GetAsync($"http://127.0.0.1:{gateway.ManagementPort}/readyz"))
                {
                    Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
                    Assert.Equal("not ready: audit_journal_unhealthy", await ready.Content.ReadAsStringAsync());
                }

                File.Delete(filler);
                Assert.Equal(HttpStatusCode.Created, (await Admit(gateway)).StatusCode);
                var health = await HealthAsync(gateway, null);
                for (var i = 0; i < 100 && health != "ok"; i++)
                {
                    // The disk is measured again right after the first successful write, on the writer loop.
                    await Task.Delay(50);
                    health = await HealthAsync(gateway, null);
                }

                Assert.Equal("ok", health);
            }
            finally
            {
                await gateway.DisposeAsync();
            }

            var output = new StringWriter();
            Assert.Equal(0, VerifyAuditCommand.Run([directory, "--checkpoint-key", "file:" + key], output, new StringWriter()));
            Assert.Contains("intact", output.ToString(), StringComparison.Ordinal);
            File.Delete(key);
        }
        finally
        {
            Run("umount", "-l", mount);
            Directory.Delete(mount);
        }
    }

    private static Task<HttpResponseMessage> Admit(GatewayUnderTest gateway) =>
        gateway.Client.PostAsync(gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice"), new StringContent("v=0\r\n", Encoding.ASCII, "application/sdp"));

    private static async Task<string> HealthAsync(GatewayUnderTest gateway, HttpStatusCode? expected)
    {
        var response = await gateway.Client.GetAsync($"http://127.0.0.1:{gateway.ManagementPort}/healthz");
        if (expected is { } status)
        {
            Assert.Equal(status, response.StatusCode);
        }

        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Writes until the file system refuses: ENOSPC is the expected end.</summary>
    private static void Fill(string path)
    {
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
        var chunk = new byte[4096];
        try
        {
            while (true)
            {
                file.Write(chunk);
            }
        }
        catch (IOException)
        {
            // Full.
        }
    }

    private static void Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException(program + " could not be started");
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0,
            $"{program} {string.Join(' ', args)} failed ({process.ExitCode}): {error} — this test mounts a tmpfs and must run as root (CI does)");
    }
}
