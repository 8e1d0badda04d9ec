using SecureStream.DemoCameras;
using SecureStream.Media.Codecs.H264;

namespace SecureStream.Media.Tests.DemoCameras;

public sealed class DemoClipLibraryTests
{
    [Theory]
    [InlineData("lobby", 25)]
    [InlineData("gate", 25)]
    [InlineData("yard", 25)]
    [InlineData("lobby-gop4", 100)]
    public void BuiltIn_EveryClip_IsA10SecondLoopStartingOnAKeyframe(string name, int keyframeInterval)
    {
        var clip = DemoClipLibrary.BuiltIn.Clips.Single(c => c.Name == name);

        Assert.Equal(250, clip.VideoFrames.Length);
        Assert.True(clip.VideoFrames[0].IsKeyframe);
        Assert.Equal(keyframeInterval, clip.KeyframeInterval);
        Assert.Equal(500, clip.AudioFrames.Length);
        Assert.All(clip.AudioFrames, frame => Assert.Equal(DemoClip.AudioSamplesPerFrame, frame.Length));
        Assert.Equal("42c01e", clip.ProfileLevelId);
        Assert.Equal(H264NalType.Sps, clip.Sps[0] & 0x1F);
        Assert.Equal(H264NalType.Pps, clip.Pps[0] & 0x1F);
        Assert.All(clip.VideoFrames, frame => Assert.All(frame.Payloads, p => Assert.InRange(p.Length, 1, H264Packetizer.DefaultMaxPayload)));
    }

    [Fact]
    public void BuiltIn_Keyframes_CarryParameterSetsFirst()
    {
        var clip = DemoClipLibrary.BuiltIn.Resolve("lobby");
        var first = clip.VideoFrames[25];

        Assert.True(first.IsKeyframe);
        Assert.Equal(H264NalType.Sps, first.Payloads[0].Span[0] & 0x1F);
        Assert.Equal(H264NalType.Pps, first.Payloads[1].Span[0] & 0x1F);
    }

    [Theory]
    [InlineData("lobby", "lobby")]
    [InlineData("gate", "gate")]
    [InlineData("lobby-7", "lobby")]
    [InlineData("lobby-gop4", "lobby-gop4")]
    [InlineData("lobby-gop4-0042", "lobby-gop4")]
    [InlineData("yard-a-b", "yard")]
    public void Resolve_ClipNameOrPrefix_PlaysThatClip(string camera, string clip)
    {
        Assert.Equal(clip, DemoClipLibrary.BuiltIn.Resolve(camera).Name);
    }

    [Fact]
    public void Resolve_OtherNames_SpreadDeterministicallyOverTheRotation()
    {
        var library = DemoClipLibrary.BuiltIn;
        var names = Enumerable.Range(0, 300).Select(i => $"cam{i}").ToArray();

        var first = names.Select(n => library.Resolve(n).Name).ToArray();
        var second = names.Select(n => library.Resolve(n).Name).ToArray();

        Assert.Equal(first, second);
        Assert.Equal(["gate", "lobby", "yard"], first.Distinct().Order());
        // FNV-1a is fixed, so the mapping is the same in every process and on every machine.
        Assert.Equal("lobby", library.Resolve("lobby").Name);
        Assert.Equal(library.Resolve("cam0").Name, DemoClipLibrary.BuiltIn.Resolve("cam0").Name);
    }
}
