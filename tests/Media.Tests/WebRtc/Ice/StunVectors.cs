namespace SecureStream.Media.Tests.WebRtc.Ice;

/// <summary>The sample messages of RFC 5769 §2.1–§2.3 (short-term credentials).</summary>
internal static class StunVectors
{
    public const string Password = "VOkJxbRl1RmTxUk/WvJxBt";

    /// <summary>§2.1: Binding request, SOFTWARE "STUN test client", PRIORITY, ICE-CONTROLLED, USERNAME "evtj:h6vY", MESSAGE-INTEGRITY, FINGERPRINT.</summary>
    public static byte[] SampleRequest => Convert.FromHexString(
        "000100582112a442b7e7a701bc34d686fa87dfae802200105354554e207465737420636c69656e74002400046e0001ff80290008932ff9b151263b36000600096576746a3a68367659202020000800149aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a280280004e57a3bcf");

    /// <summary>§2.2: Binding success response, XOR-MAPPED-ADDRESS 192.0.2.1:32853.</summary>
    public static byte[] SampleIPv4Response => Convert.FromHexString(
        "0101003c2112a442b7e7a701bc34d686fa87dfae8022000b7465737420766563746f7220002000080001a147e112a643000800142b91f599fd9e90c38c7489f92af9ba53f06be7d780280004c07d4c96");

    /// <summary>§2.3: Binding success response, XOR-MAPPED-ADDRESS [2001:db8:1234:5678:11:2233:4455:6677]:32853.</summary>
    public static byte[] SampleIPv6Response => Convert.FromHexString(
        "010100482112a442b7e7a701bc34d686fa87dfae8022000b7465737420766563746f7220002000140002a1470113a9faa5d3f179bc25f4b5bed2b9d900080014a382954e4be67bf11784c97c8292c275bfe3ed4180280004c8fb0b4c");
}
