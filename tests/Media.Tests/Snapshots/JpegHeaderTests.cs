using SecureStream.Media.Snapshots;

namespace SecureStream.Media.Tests.Snapshots;

public sealed class JpegHeaderTests
{
    [Fact]
    public void TryRead_BaselineFrameHeader_GivesItsSize()
    {
        Assert.True(JpegHeader.TryRead(SnapshotTestData.TinyJpeg, out var width, out var height));
        Assert.Equal(320, width);
        Assert.Equal(240, height);
    }

    public static TheoryData<string, byte[]> NotJpegs => new()
    {
        { "empty", [] },
        { "no SOI", [0x00, 0xD8, 0xFF, 0xC0] },
        { "text", "<html>"u8.ToArray() },
        { "SOI then EOI", [0xFF, 0xD8, 0xFF, 0xD9] },
        { "scan before frame header", [0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02, 0x00, 0x00] },
        { "segment length past the end", [0xFF, 0xD8, 0xFF, 0xE0, 0x7F, 0xFF, 0x00, 0x00] },
        { "truncated SOF", [0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x04, 0x08, 0x00] },
        { "zero width", [0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0xF0, 0x00, 0x00, 0x01, 0x01, 0x11, 0x00] },
    };

    [Theory]
    [MemberData(nameof(NotJpegs))]
    public void TryRead_NotAJpeg_False(string name, byte[] data)
    {
        Assert.False(JpegHeader.TryRead(data, out _, out _), name);
    }
}
