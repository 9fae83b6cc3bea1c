namespace MediaTrust.Testing;

/// <summary>The repository's C# sources, for tests that hold a rule over the code itself (status-code literals, field reads).</summary>
internal static class SourceTree
{
    /// <summary>The <c>src</c> folder of the repository the tests were built from.</summary>
    public static string Src => Path.Combine(RepositoryRoot(), "src");

    /// <summary>Every <c>.cs</c> file below <c>src</c>, build output (<c>bin</c>, <c>obj</c>) left out.</summary>
    public static IEnumerable<string> CSharpFiles() =>
        Directory.EnumerateFiles(Src, "*.cs", SearchOption.AllDirectories).Where(file => !IsBuildOutput(file));

    private static bool IsBuildOutput(string file) =>
        file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
        || file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal);

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "MediaTrust.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("the repository root (MediaTrust.slnx) was not found above the test binaries");
    }
}
