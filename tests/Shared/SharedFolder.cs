namespace MediaTrust.Testing;

/// <summary>
/// Finds the project's read-only <c>../shared</c> folder (corpus, specs, oracle) beside the
/// repository. Tests that need it call <see cref="RequireCorpus"/>, which skips them with a clear
/// message when it is missing, so a missing corpus never passes silently. Where the folder is
/// required (<see cref="IsRequired"/>: CI), a missing one fails the test instead of skipping it.
/// </summary>
internal static class SharedFolder
{
    private static readonly Lazy<string?> Root = new(Find);

    /// <summary>The <c>shared</c> folder, or null when it cannot be found.</summary>
    public static string? Path => Root.Value;

    /// <summary>The corpus folder; skips the calling test when it is missing.</summary>
    public static string RequireCorpus()
    {
        var root = Path;
        var corpus = root is null ? null : System.IO.Path.Combine(root, "corpus");
        if (corpus is null || !Directory.Exists(corpus))
        {
            Missing("../shared/corpus is missing: this conformance test needs the shared corpus beside the repository (set MEDIATRUST_SHARED to its folder).");
        }

        return corpus;
    }

    /// <summary>A file under <c>shared/corpus</c>; skips the calling test when the corpus or the file is missing.</summary>
    public static string RequireCorpusFile(string relativePath)
    {
        var path = System.IO.Path.Combine(RequireCorpus(), relativePath);
        if (!File.Exists(path))
        {
            Missing($"corpus file {relativePath} is missing from ../shared/corpus.");
        }

        return path;
    }

    /// <summary>
    /// Whether a test that needs <c>../shared</c> must fail rather than skip when it is missing:
    /// <c>MEDIATRUST_REQUIRE_SHARED=1</c>, or <c>CI=true</c> unless <c>MEDIATRUST_REQUIRE_SHARED=0</c>
    /// (CI's own fresh-clone check runs without the folder on purpose).
    /// </summary>
    public static bool IsRequired =>
        Environment.GetEnvironmentVariable("MEDIATRUST_REQUIRE_SHARED") switch
        {
            "1" => true,
            "0" => false,
            _ => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase),
        };

    /// <summary>Skips the calling test with <paramref name="reason"/>, or fails it where <c>../shared</c> is required.</summary>
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    public static void Missing(string reason)
    {
        if (IsRequired)
        {
            Assert.Fail($"{reason} (required here: CI=true or MEDIATRUST_REQUIRE_SHARED=1)");
        }

        Assert.Skip(reason);
    }

    private static string? Find()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("MEDIATRUST_SHARED");
        if (!string.IsNullOrEmpty(fromEnvironment) && Directory.Exists(fromEnvironment))
        {
            return System.IO.Path.GetFullPath(fromEnvironment);
        }

        // Walk up from the test assembly: the repository's parent holds `shared/`.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(System.IO.Path.Combine(candidate, "corpus")))
            {
                return candidate;
            }
        }

        return null;
    }
}
