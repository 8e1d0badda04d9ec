namespace SecureStream.Media.WebRtc.Sdp;

/// <summary>
/// Reads the browser's answer to an <see cref="OmeOffer"/> with the same checks as a WHEP offer
/// (<see cref="BrowserOfferReader"/>, role <see cref="BrowserSdpRole.Answer"/>: setup must be active),
/// then matches it to the offer: the same sections in the same order with the same mids
/// (RFC 8829 §5.3.1), and a section's track is accepted when the section is live, the browser
/// receives, and one of our payload types is listed: the first of ours that is (the offer lists
/// the camera's own codec before a transcoded one).
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
        var sections = offer.Tracks.GroupBy(t => t.SectionIndex).OrderBy(g => g.Key).ToList();
        if (answer.Sections.Count != sections.Count)
        {
            return OmeAnswerResult.Invalid(BrowserSdpFailure.MidMismatch);
        }

        var accepted = new List<NegotiatedTrack>(sections.Count);
        for (var i = 0; i < sections.Count; i++)
        {
            var offered = sections[i];
            var section = answer.Sections[i];
            if (section.Mid != offered.First().Mid)
            {
                return OmeAnswerResult.Invalid(BrowserSdpFailure.MidMismatch);
            }

            // Ours first: the camera's own codec when the browser kept it, else what a transcoder makes.
            var chosen = section.CanReceive
                ? offered.FirstOrDefault(t => section.Kind == t.Track.Kind && section.PayloadTypes.Any(p => p.PayloadType == t.PayloadType))
                : null;
            if (chosen is not null)
            {
                accepted.Add(chosen);
            }
        }

        return accepted.Count == 0
            ? OmeAnswerResult.Invalid(BrowserSdpFailure.NoCommonCodec)
            : new OmeAnswerResult(answer, accepted, null);
    }
}
