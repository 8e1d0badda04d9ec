namespace SecureStream.Media.WebRtc.Sdp;

/// <summary>
/// Reads the browser's answer to an <see cref="OmeOffer"/> with the same checks as a WHEP offer
/// (<see cref="BrowserOfferReader"/>, role <see cref="BrowserSdpRole.Answer"/>: setup must be active),
/// then matches it to the offer: the same sections in the same order with the same mids
/// (RFC 8829 §5.3.1), and a track is accepted when its section is live, the browser receives, and
/// our payload type is listed.
/// </summary>
internal static class OmeAnswerReader
{
    public static OmeAnswerResult Read(string? answerSdp, OmeOffer offer)
    {
        var read = BrowserOfferReader.Read(answerSdp, BrowserSdpRole.Answer);
        if (!read.IsValid)
        {
            return OmeAnswerResult.Invalid(read.Reason);
        }

        var answer = read.Description;
        if (answer.Sections.Count != offer.Tracks.Count)
        {
            return OmeAnswerResult.Invalid(BrowserSdpFailure.MidMismatch);
        }

        var accepted = new List<NegotiatedTrack>(offer.Tracks.Count);
        for (var i = 0; i < offer.Tracks.Count; i++)
        {
            var track = offer.Tracks[i];
            var section = answer.Sections[i];
            if (section.Mid != track.Mid)
            {
                return OmeAnswerResult.Invalid(BrowserSdpFailure.MidMismatch);
            }

            if (section.CanReceive && section.Kind == track.Track.Kind && section.PayloadTypes.Any(p => p.PayloadType == track.PayloadType))
            {
                accepted.Add(track);
            }
        }

        return accepted.Count == 0
            ? OmeAnswerResult.Invalid(BrowserSdpFailure.NoCommonCodec)
            : new OmeAnswerResult(answer, accepted, null);
    }
}
