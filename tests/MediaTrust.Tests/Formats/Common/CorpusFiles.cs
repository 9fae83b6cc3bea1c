using MediaTrust.Testing;

namespace MediaTrust.Formats.Common;

/// <summary>One media file listed in a corpus MANIFEST.tsv.</summary>
internal sealed record CorpusFile(string RelativePath, string Format, string C2paInFile, string OutcomeClass)
{
    /// <summary>How many embedded stores the scan found: 1 for "embedded: N manifest(s)", else 0.</summary>
    public int ExpectedStores => C2paInFile.StartsWith("embedded", StringComparison.Ordinal) ? 1 : 0;

    /// <summary>The manifest count the scan found inside the store.</summary>
    public int ExpectedManifests => ExpectedStores == 0 ? 0 : int.Parse(C2paInFile.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);

    public string? RemoteUrl => C2paInFile.StartsWith("remote: ", StringComparison.Ordinal) ? C2paInFile["remote: ".Length..] : null;

    public override string ToString() => RelativePath;
}

/// <summary>Reads the corpus manifests so conformance tests cover every listed file of a format.</summary>
internal static class CorpusFiles
{
    public static IReadOnlyList<CorpusFile> OfFormats(params string[] formats)
    {
        var corpus = SharedFolder.RequireCorpus();
        var files = new List<CorpusFile>();
        foreach (var folder in Directory.GetDirectories(corpus))
        {
            var manifest = Path.Combine(folder, "MANIFEST.tsv");
            if (!File.Exists(manifest))
            {
                continue;
            }

            foreach (var line in File.ReadLines(manifest))
            {
                var cols = line.Split('\t');
                if (line.StartsWith('#') || cols.Length < 9 || cols[0] == "path" || !formats.Contains(cols[1]) || !cols[8].StartsWith("yes", StringComparison.Ordinal))
                {
                    continue;
                }

                files.Add(new CorpusFile(Path.GetFileName(folder) + "/" + cols[0], cols[1], cols[4], cols[5]));
            }
        }

        return files;
    }

    public static string FullPath(CorpusFile file) => SharedFolder.RequireCorpusFile(file.RelativePath);
}
