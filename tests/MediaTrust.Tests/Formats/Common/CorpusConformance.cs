using MediaTrust.IO;
using MediaTrust.Testing;

namespace MediaTrust.Formats.Common;

/// <summary>Reads every corpus file of some formats and compares what was found with MANIFEST.tsv.</summary>
internal static class CorpusConformance
{
    /// <summary>
    /// For each listed file: detection picks <paramref name="expected"/>; a malformed file throws
    /// <see cref="MalformedContentException"/> or yields no store within a second; every other file yields the
    /// listed number of stores (each a c2pa <c>jumb</c> with the listed number of manifests) without exceptions.
    /// Returns how many files were checked.
    /// </summary>
    public static int Check(Func<IAssetFormat, bool> expected, params string[] formats)
    {
        var files = CorpusFiles.OfFormats(formats);
        Assert.NotEmpty(files);
        var failures = new List<string>();
        foreach (var file in files)
        {
            var path = CorpusFiles.FullPath(file);
            using var stream = new CountingStream(File.OpenRead(path));
            var format = AssetFormats.Detect(stream);
            if (format is null || !expected(format))
            {
                failures.Add($"{file}: detected as {format?.Name ?? "nothing"}");
                continue;
            }

            try
            {
                var layout = format.ReadLayout(stream);
                if (layout.Stores.Count != file.ExpectedStores)
                {
                    failures.Add($"{file}: {layout.Stores.Count} stores, expected {file.ExpectedStores}");
                }

                foreach (var store in layout.Stores)
                {
                    if (!OpaqueStores.IsC2paStore(store.Jumbf.Span))
                    {
                        failures.Add($"{file}: store is not a c2pa jumb box");
                    }
                    else if (OpaqueStores.CountManifests(store.Jumbf.Span) != file.ExpectedManifests)
                    {
                        failures.Add($"{file}: {OpaqueStores.CountManifests(store.Jumbf.Span)} manifests, expected {file.ExpectedManifests}");
                    }
                }

                if (file.RemoteUrl is not null && layout.RemoteManifestUrl != file.RemoteUrl)
                {
                    failures.Add($"{file}: remote URL {layout.RemoteManifestUrl ?? "none"}, expected {file.RemoteUrl}");
                }
            }
            catch (MalformedContentException e) when (file.OutcomeClass == "malformed")
            {
                Assert.False(string.IsNullOrEmpty(e.Message));
            }
            catch (MalformedContentException e)
            {
                failures.Add($"{file}: {e.Message}");
            }

            // Work done, not time taken: finding the stores reads the file at most twice over.
            if (stream.BytesRead > 2 * stream.Length + 64 * 1024)
            {
                failures.Add($"{file}: read {stream.BytesRead} bytes of {stream.Length}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        return files.Count;
    }
}
