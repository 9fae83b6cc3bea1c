using MediaTrust.Assertions;
using MediaTrust.Manifests;

namespace MediaTrust.Testing;

/// <summary>Assertions of the shared corpus's files, for codec tests that read real content.</summary>
internal static class CorpusAssertions
{
    /// <summary>Every assertion of every manifest of a corpus file; skips the calling test when the corpus is missing.</summary>
    public static IEnumerable<(Manifest Manifest, Assertion Assertion)> Of(string relativePath)
    {
        var reader = StoreReads.File(SharedFolder.RequireCorpusFile(relativePath));
        return reader.Store.Manifests.SelectMany(m => m.Assertions.Select(a => (m, a)));
    }

    /// <summary>The first assertion with <paramref name="baseLabel"/> in a corpus file.</summary>
    public static Assertion First(string relativePath, string baseLabel) =>
        Of(relativePath).First(x => x.Assertion.BaseLabel == baseLabel).Assertion;
}
