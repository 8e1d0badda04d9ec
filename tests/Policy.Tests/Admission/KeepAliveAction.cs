namespace SecureStream.Policy.Tests.Admission;

/// <summary>What <see cref="KeepAliveWebhookReceiver"/> does with one arriving request.</summary>
internal enum KeepAliveAction
{
    /// <summary>Read it, answer HTTP/1.1 <c>{"allowed":true}</c>, keep the connection.</summary>
    Answer,

    /// <summary>Close the connection with a reset without reading the request.</summary>
    ResetUnread,

    /// <summary>Read it, send the status line, then reset.</summary>
    PartialAnswerThenReset,

    /// <summary>Read it and never answer.</summary>
    NeverAnswer,

    /// <summary>Read it, answer HTTP/1.0 without keep-alive, and leave the connection open.</summary>
    AnswerHttp10,
}
