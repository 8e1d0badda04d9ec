using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using SecureStream.Media.WebRtc.Srtp;

namespace SecureStream.Benchmarks;

/// <summary>
/// <c>srtp-cpu [--blocks B] [--packets N]</c>: CPU time of <see cref="SrtpContext.ProtectRtp"/> per
/// packet (12-byte header, 1,200-byte payload, as <see cref="SrtpBenchmarks"/>), for
/// AES_CM_128_HMAC_SHA1_80, AEAD_AES_128_GCM sealed by OpenSSL directly (what the gateway uses on
/// Linux) and AEAD_AES_128_GCM through .NET's <c>AesGcm</c> (the portable path), in alternating
/// blocks of N packets, so a busy machine's contention falls on all alike. The figure is this thread's CPU time per packet
/// (median of the blocks), not wall-clock time: on a shared machine the thread is descheduled for
/// long stretches, which a wall-clock benchmark counts and this does not.
/// </summary>
internal static class SrtpCpuTime
{
    private const int PayloadLength = 1200;

    public static int Run(string[] args)
    {
        var blocks = Option(args, "--blocks", 11);
        var packets = Option(args, "--packets", 250_000);
        var profiles = new[] { "AES_CM_128_HMAC_SHA1_80", "AEAD_AES_128_GCM (OpenSSL)", "AEAD_AES_128_GCM (AesGcm)" };
        var samples = profiles.ToDictionary(p => p, _ => new List<double>());
        var contexts = new Dictionary<string, SrtpContext>
        {
            [profiles[0]] = Context(SrtpProtectionProfile.AesCm128HmacSha1Tag80, preferNativeGcm: true),
            [profiles[1]] = Context(SrtpProtectionProfile.AeadAes128Gcm, preferNativeGcm: true),
            [profiles[2]] = Context(SrtpProtectionProfile.AeadAes128Gcm, preferNativeGcm: false),
        };
        if (!AesGcmSealer.NativeAvailable)
        {
            Console.WriteLine("OpenSSL could not be called directly here: both GCM rows use AesGcm.");
        }

        var rtp = new byte[12 + PayloadLength];
        rtp[0] = 0x80;
        rtp[1] = 96;
        BinaryPrimitives.WriteUInt32BigEndian(rtp.AsSpan(8), 0x5EC057E4);
        var output = new byte[rtp.Length + 16];
        ushort sequence = 0;

        // One untimed block each: JIT tiers and OpenSSL's first use out of the way.
        foreach (var profile in profiles)
        {
            Protect(contexts[profile], rtp, output, ref sequence, packets);
        }

        for (var block = 0; block < blocks; block++)
        {
            foreach (var profile in profiles)
            {
                var before = ThreadCpu();
                Protect(contexts[profile], rtp, output, ref sequence, packets);
                samples[profile].Add((ThreadCpu() - before).TotalMicroseconds / packets);
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ProtectRtp, 1,212-byte RTP packet, thread CPU µs per packet ({blocks} blocks of {packets:N0}, alternating):"));
        foreach (var profile in profiles)
        {
            var sorted = samples[profile].Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {profile,-28} median {sorted[sorted.Length / 2]:F3}  min {sorted[0]:F3}  max {sorted[^1]:F3}"));
            contexts[profile].Dispose();
        }

        return 0;
    }

    private static void Protect(SrtpContext context, byte[] rtp, byte[] output, ref ushort sequence, int packets)
    {
        for (var i = 0; i < packets; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(rtp.AsSpan(2), sequence++);
            if (context.ProtectRtp(rtp, output, out _) != SrtpResult.Ok)
            {
                throw new InvalidOperationException("ProtectRtp failed.");
            }
        }
    }

    private static SrtpContext Context(SrtpProtectionProfile profile, bool preferNativeGcm)
    {
        var exported = new byte[SrtpProfileParameters.ExporterLength(profile)];
        for (var i = 0; i < exported.Length; i++)
        {
            exported[i] = (byte)((i * 31) + 7);
        }

        return SrtpContext.Create(SrtpKeyingMaterial.FromDtlsExporter(exported, profile, SrtpEndpointRole.Server), preferNativeGcm);
    }

    /// <summary>This thread's user + system CPU time (/proc/thread-self/stat, clock ticks of 10 ms, hence long blocks).</summary>
    private static TimeSpan ThreadCpu()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromMilliseconds(ticks * 10);
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
