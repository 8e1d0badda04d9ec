namespace SecureStream.Proxy.Tests.Functional.Infrastructure;

/// <summary>The checkout the tests run from: the folder above the test assembly that holds SecureStream.sln.</summary>
internal static class RepositoryRoot
{
    public static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SecureStream.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (SecureStream.sln) was not found above " + AppContext.BaseDirectory);
    }
}
