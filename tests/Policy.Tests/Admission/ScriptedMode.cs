namespace SecureStream.Policy.Tests.Admission;

internal enum ScriptedMode
{
    Answer,
    NeverAnswer,
    CloseImmediately,
}
