using System.Text.Json.Nodes;
using MediaTrust.IO;
using MediaTrust.Testing;

namespace MediaTrust.Conformance;

/// <summary>
/// Every corpus media file of the other container formats (GIF, RIFF, TIFF, ISO BMFF, JPEG XL, SVG, MP3, FLAC, PDF)
/// against c2pa-rs's recorded Reader JSON (TestData/Oracle): where c2pa-rs reads a store we read the same manifest
/// labels, active manifest, claim generator, title and assertion labels (<see cref="CorpusReadTests.Compare"/>); where it
/// reads none we find none. Differences are listed in <see cref="KnownDifferences"/> with the spec clause that decides them
/// (docs/conformance.md).
/// </summary>
[Trait("Category", "Corpus")]
public sealed class CorpusFormatsTests(ITestOutputHelper output)
{
    /// <summary>MANIFEST.tsv format names of the formats this test covers.</summary>
    private static readonly HashSet<string> Formats =
    [
        "gif", "wav", "avi", "webp", "tiff", "tif", "dng", "arw", "nef", "mp4", "mov", "m4a", "heic", "heif", "avif", "mp4-fragment",
        "jxl", "svg", "mp3", "flac", "pdf",
    ];

    /// <summary>Files where MediaTrust and c2pa-rs differ on purpose, with the reason (mirrored in docs/conformance.md).</summary>
    internal static readonly Dictionary<string, string> KnownDifferences = new(StringComparer.Ordinal);

    [Fact]
    public void Reads_every_other_format_like_c2pa_rs()
    {
        var corpus = SharedFolder.RequireCorpus();
        var files = CorpusReadTests.Files(corpus, f => Formats.Contains(f.Format));
        Assert.NotEmpty(files);
        var failures = new List<string>();
        int compared = 0, bothEmpty = 0;
        var seenFormats = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var oraclePath = Path.Combine(CorpusReadTests.OracleFolder(), file.RelativePath + ".json");
            if (!File.Exists(oraclePath))
            {
                output.WriteLine($"no c2pa-rs answer recorded for {file.RelativePath}");
                continue;
            }

            var expected = JsonNode.Parse(File.ReadAllText(oraclePath))?["reader_json"] as JsonObject;
            var oracleHasStore = expected?["manifests"] is JsonObject { Count: > 0 };
            Reader? reader = null;
            string? ours = null;
            try
            {
                reader = StoreReads.File(Path.Combine(corpus, file.RelativePath));
            }
            catch (Exception e) when (e is MalformedContentException or NoManifestException or NotSupportedException)
            {
                ours = $"{e.GetType().Name}: {e.Message}";
            }

            var known = KnownDifferences.ContainsKey(file.RelativePath);
            if (oracleHasStore && reader is not null)
            {
                seenFormats.Add(file.Format);
                compared++;
                var before = failures.Count;
                CorpusReadTests.Compare(file.RelativePath, expected!, reader, failures);
                if (known && failures.Count == before)
                {
                    failures.Add($"{file.RelativePath}: listed as a known difference but now agrees with c2pa-rs; remove it from KnownDifferences");
                }
                else if (known)
                {
                    failures.RemoveRange(before, failures.Count - before);
                }
            }
            else if (oracleHasStore != (reader is not null) && !known)
            {
                failures.Add(oracleHasStore
                    ? $"{file.RelativePath}: c2pa-rs reads {expected!["manifests"]!.AsObject().Count} manifest(s), we: {ours}"
                    : $"{file.RelativePath}: c2pa-rs reads no store ({Describe(expected)}), we read {reader!.Manifests.Count} manifest(s)");
            }
            else if (!oracleHasStore)
            {
                bothEmpty++;
            }
        }

        output.WriteLine($"{files.Count} files: {compared} compared with c2pa-rs ({string.Join(", ", seenFormats)}), {bothEmpty} without a store in both");
        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.True(compared >= 10, $"only {compared} files compared; oracle data under {CorpusReadTests.OracleFolder()}?");
    }

    private static string Describe(JsonObject? readerJson) => readerJson is null ? "error" : readerJson.ToJsonString()[..Math.Min(120, readerJson.ToJsonString().Length)];
}
