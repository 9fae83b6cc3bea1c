using MediaTrust.SoftBinding;
using MediaTrust.Testing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace MediaTrust.Repository;

/// <summary>
/// The durable-credentials round trip (docs/soft-bindings.md): every distinct photo of the shared corpus is signed with
/// PDQ and ISCC soft bindings and published; copies are stripped and transformed as platforms do; <see cref="ManifestRecovery"/>
/// finds the right manifest first for at least 95% of (photo, transformation) pairs, and accepts no other photo's manifest,
/// when signed with both (the recommended set, docs/soft-bindings.md); ISCC alone and PDQ alone are measured beside it.
/// </summary>
[Trait("Category", "Corpus")]
public sealed class RoundTripTests(ITestOutputHelper output)
{
    /// <summary>At most this many photos (bounded run time).</summary>
    private const int MaxPhotos = 40;

    private static readonly (string Name, Func<Image<Rgba32>, (Image<Rgba32>, Func<Image, Stream, Task>)> Apply)[] Transformations =
    [
        ("jpeg q60", i => (i.Clone(), (x, s) => x.SaveAsJpegAsync(s, new JpegEncoder { Quality = 60 }))),
        ("jpeg q90", i => (i.Clone(), (x, s) => x.SaveAsJpegAsync(s, new JpegEncoder { Quality = 90 }))),
        ("resize 50%", i => (i.Clone(x => x.Resize(Math.Max(1, i.Width / 2), Math.Max(1, i.Height / 2))), Jpeg85)),
        ("crop 5%", i => (i.Clone(x => x.Crop(new Rectangle(i.Width / 40, i.Height / 40, i.Width - (i.Width / 20), i.Height - (i.Height / 20)))), Jpeg85)),
        ("rotate 90°", i => (i.Clone(x => x.Rotate(RotateMode.Rotate90)), Jpeg85)),
        ("mirror", i => (i.Clone(x => x.Flip(FlipMode.Horizontal)), Jpeg85)),
        ("png", i => (i.Clone(), (x, s) => x.SaveAsPngAsync(s, new PngEncoder()))),
        ("webp q80", i => (i.Clone(), (x, s) => x.SaveAsWebpAsync(s, new WebpEncoder { Quality = 80 }))),
        ("brightness +10%", i => (i.Clone(x => x.Brightness(1.1f)), Jpeg85)),
    ];

    private static Task Jpeg85(Image image, Stream stream) => image.SaveAsJpegAsync(stream, new JpegEncoder { Quality = 85 });

    /// <summary>
    /// The soft binding sets measured: each photo is signed once per set, into that set's repository. ISCC + PDQ must meet
    /// the issue's done-when; PDQ alone loses the crops (its fixed sampling grid moves), ISCC alone accepts a related photo.
    /// </summary>
    private static readonly (string Name, string[] Algorithms)[] BindingSets =
    [
        ("ISCC", ["iscc"]),
        ("PDQ", ["pdq"]),
        ("ISCC+PDQ", ["iscc", "pdq"]),
    ];

    [Fact]
    public async Task Stripped_and_transformed_copies_recover_their_own_manifest()
    {
        var corpus = SharedFolder.RequireCorpus();
        var token = TestContext.Current.CancellationToken;
        var photos = DistinctPhotos(corpus);
        Assert.True(photos.Count >= 5, $"only {photos.Count} distinct photos in the corpus");

        var directory = Directory.CreateTempSubdirectory("mediatrust-roundtrip-").FullName;
        var repositories = new List<SqliteManifestRepository>();
        try
        {
            // One repository per binding set, each holding every photo signed with that set.
            var ids = new Dictionary<string, string>[BindingSets.Length];
            for (var set = 0; set < BindingSets.Length; set++)
            {
                var repository = await SqliteManifestRepository.OpenAsync(Path.Combine(directory, $"repo-{set}.db"), new RepositoryOptions { Validation = Stores.Trusting }, token);
                repositories.Add(repository);
                ids[set] = [];
                foreach (var (path, bytes, _) in photos)
                {
                    ids[set][path] = (await repository.StoreAsync(await Stores.SignAssetAsync(bytes, Path.GetFileName(path), BindingSets[set].Algorithms), token)).ManifestId;
                }
            }

            var pairs = 0;
            var top = new int[BindingSets.Length];
            var falseAccepted = new int[BindingSets.Length];
            var falseFirst = new int[BindingSets.Length];
            var misses = new List<string>();
            var perTransformation = Transformations.ToDictionary(t => t.Name, _ => new int[BindingSets.Length]);
            var options = new RecoveryOptions { Validation = Stores.Trusting };
            foreach (var (path, bytes, _) in photos)
            {
                // Decoded once per photo; each transformation works on a clone.
                using var original = Image.Load<Rgba32>(bytes);
                original.Metadata.ExifProfile = null;
                original.Metadata.XmpProfile = null;
                original.Metadata.IptcProfile = null;
                foreach (var (name, apply) in Transformations)
                {
                    var (transformed, save) = apply(original);
                    using var copy = new MemoryStream();
                    using (transformed)
                    {
                        await save(transformed, copy);
                    }

                    // The copy's fingerprints are computed once and looked up in each set's repository.
                    copy.Position = 0;
                    var fingerprints = ImageFingerprints.Compute(copy);
                    pairs++;
                    for (var set = 0; set < BindingSets.Length; set++)
                    {
                        copy.Position = 0;
                        var found = await ManifestRecovery.RecoverAsync(copy, fingerprints, [repositories[set]], options, token);
                        var accepted = found.Where(f => f.SoftBindingsMatched).ToList();
                        var own = ids[set][path];
                        if (accepted.Count > 0 && accepted[0].ManifestId != own)
                        {
                            falseFirst[set]++;
                        }

                        if (accepted.Count > 0 && accepted[0].ManifestId == own)
                        {
                            top[set]++;
                            perTransformation[name][set]++;
                        }
                        else
                        {
                            misses.Add($"{BindingSets[set].Name}: {Path.GetFileName(path)} / {name}: {string.Join(", ", found.Select(f => $"{(f.ManifestId == own ? "self" : "other")} {f.Match.SimilarityScore} [{string.Join(" ", f.Bindings.Select(b => $"{b.Algorithm}:{b.Matched}:{b.Distance}"))}]"))}");
                        }

                        foreach (var other in accepted.Where(f => f.ManifestId != own))
                        {
                            falseAccepted[set]++;
                            misses.Add($"{BindingSets[set].Name}: {Path.GetFileName(path)} / {name}: ANOTHER PHOTO'S MANIFEST ACCEPTED {other.ManifestId} [{string.Join(" ", other.Bindings.Select(b => $"{b.Algorithm}:{b.Distance}"))}]");
                        }
                    }
                }
            }

            output.WriteLine($"{photos.Count} distinct photos × {Transformations.Length} transformations = {pairs} pairs");
            output.WriteLine($"| Transformation | {string.Join(" | ", BindingSets.Select(b => b.Name))} |");
            foreach (var (name, counts) in perTransformation)
            {
                output.WriteLine($"| {name} | {string.Join(" | ", counts.Select(c => $"{c}/{photos.Count}"))} |");
            }

            output.WriteLine($"| all {pairs} pairs | {string.Join(" | ", top.Select(t => $"{t} ({100.0 * t / pairs:F1}%)"))} |");
            output.WriteLine($"| other photos' manifests accepted | {string.Join(" | ", falseAccepted)} |");
            foreach (var miss in misses)
            {
                output.WriteLine($"  miss: {miss}");
            }

            // The issue's done-when, for the recommended set, ISCC + PDQ (docs/soft-bindings.md): at least 95% of pairs find
            // their own manifest first (measured 95.6%, 2026-12-04) and no other photo's manifest is accepted. PDQ alone accepts
            // none either. ISCC alone reaches 96.0% but accepted another photo's manifest once, below the copy's own (its
            // 64 bits leave related pictures 10–12 bits apart); the bound holds it there, so that more would fail.
            Assert.True(top[2] >= pairs * 0.95, $"ISCC+PDQ: only {top[2]} of {pairs} pairs recovered their own manifest first (measured: 95.6%)");
            Assert.Equal(0, falseAccepted[2]);
            Assert.Equal(0, falseAccepted[1]);
            Assert.All(falseFirst, count => Assert.Equal(0, count));
            Assert.True(top[0] >= pairs * 0.95, $"ISCC: only {top[0]} of {pairs} pairs recovered their own manifest first (measured: 96.0%)");
            Assert.True(falseAccepted[0] <= 1, $"ISCC: {falseAccepted[0]} other photos' manifests accepted (measured: 1)");
        }
        finally
        {
            foreach (var repository in repositories)
            {
                await repository.DisposeAsync();
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The corpus's photos, one per picture: files whose PDQ lies within 31 bits of one kept already are the same picture.</summary>
    private static List<(string Path, byte[] Bytes, ImageFingerprints Fingerprints)> DistinctPhotos(string corpus)
    {
        var kept = new List<(string, byte[], ImageFingerprints)>();
        foreach (var path in Directory.EnumerateFiles(corpus, "*", SearchOption.AllDirectories)
            .Where(p => Path.GetExtension(p).ToLowerInvariant() is ".jpg" or ".jpeg" or ".png" or ".webp")
            .Order(StringComparer.Ordinal))
        {
            var bytes = File.ReadAllBytes(path);
            ImageFingerprints fingerprints;
            try
            {
                fingerprints = ImageFingerprints.Compute(new MemoryStream(bytes), 30_000_000);
            }
            catch (Exception e) when (e is MalformedContentException or UnknownFormatException)
            {
                continue;
            }

            // Photos only: enough detail for a fingerprint (PDQ quality ≥ 50) and not a thumbnail-sized graphic.
            if (fingerprints.PdqQuality < 50 || bytes.Length < 20_000
                || kept.Any(k => fingerprints.PdqVariants.Any(v => ImageFingerprints.Distance(v, k.Item3.Pdq) <= 31)))
            {
                continue;
            }

            kept.Add((path, bytes, fingerprints));
            if (kept.Count == MaxPhotos)
            {
                break;
            }
        }

        return kept;
    }
}
