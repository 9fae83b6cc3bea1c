using MediaTrust.IO;
using MediaTrust.Testing;

namespace MediaTrust.Conformance;

/// <summary>The corpus's robustness cases (outcome_class malformed) give a clean outcome: never another exception type, a crash or a hang.</summary>
[Trait("Category", "Corpus")]
public sealed class CorpusMalformedTests(ITestOutputHelper output)
{
    [Fact]
    public void Malformed_corpus_files_give_a_clean_error()
    {
        var corpus = SharedFolder.RequireCorpus();
        var files = CorpusReadTests.Files(corpus, f => f.OutcomeClass == "malformed");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            try
            {
                var reader = StoreReads.File(Path.Combine(corpus, file.RelativePath));
                output.WriteLine($"{file.RelativePath}: read {reader.Manifests.Count} manifest(s)");
            }
            catch (Exception e) when (e is MalformedContentException or NoManifestException or NotSupportedException)
            {
                output.WriteLine($"{file.RelativePath}: {e.GetType().Name}: {e.Message}");
            }
        }
    }
}
