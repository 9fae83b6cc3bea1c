using MediaTrust.Formats.Pdf;
using MediaTrust.Testing;
using MediaTrust.Validation;

namespace MediaTrust.Signing;

/// <summary>
/// Signing PDFs end to end: each signing appends an incremental update with its own store (spec 2.2 §A.4.2.1);
/// the newest store holds the active manifest, all stores read as one, and MediaTrust and c2pa-rs find it Trusted.
/// </summary>
public sealed class PdfSigningTests
{
    private static readonly ManifestDefinition Edited = ManifestDefinition.FromJson("""
        {
          "claim_generator_info": [{ "name": "MediaTrust tests", "version": "1.0" }],
          "title": "edited.pdf",
          "assertions": [ { "label": "c2pa.actions.v2", "data": { "actions": [ { "action": "c2pa.edited" } ] } } ]
        }
        """);

    [Trait("Category", "Corpus")]
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Signing_twice_appends_a_second_store_whose_manifest_is_active(bool withParent)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var pki = TestSigner.CreatePki();
        using var signer = pki.CreateClaimSigner();
        var directory = Directory.CreateTempSubdirectory("mediatrust-pdf-twice-");
        try
        {
            var original = GeneratedAssets.Pdf();
            var once = Path.Combine(directory.FullName, "once.pdf");
            var twice = Path.Combine(directory.FullName, "twice.pdf");
            await File.WriteAllBytesAsync(Path.Combine(directory.FullName, "original.pdf"), original, cancellationToken);
            var first = await new ManifestBuilder(SignEveryFormatTests.AiGenerated).SignFileAsync(Path.Combine(directory.FullName, "original.pdf"), once, signer, cancellationToken);
            var builder = withParent
                ? new ManifestBuilder(Edited) { Ingredients = [new IngredientFile { Path = once, Relationship = IngredientFile.ParentOf }] }
                : new ManifestBuilder(SignEveryFormatTests.AiGenerated);
            var second = await builder.SignFileAsync(once, twice, signer, cancellationToken);

            // Both updates are appended: each earlier file is an unchanged prefix of the next.
            var onceBytes = await File.ReadAllBytesAsync(once, cancellationToken);
            var twiceBytes = await File.ReadAllBytesAsync(twice, cancellationToken);
            Assert.Equal(original, onceBytes[..original.Length]);
            Assert.Equal(onceBytes, twiceBytes[..onceBytes.Length]);
            Assert.Equal(2, PdfFormat.Instance.ReadLayout(new MemoryStream(twiceBytes), cancellationToken).Stores.Count);

            // One combined store: the first manifest once (the parent's copy is the same bytes), then the new active one.
            var reader = await Reader.ReadFileAsync(twice, SignEveryFormatTests.TrustingRoot(pki), cancellationToken);
            Assert.Equal([first, second], reader.Store.Manifests.Select(m => m.Label));
            Assert.True(reader.Validation!.State == ValidationState.Trusted,
                $"MediaTrust: {reader.Validation.State}: {string.Join("; ", reader.Validation.Failures)}");
            Assert.Contains(reader.Validation.Results.ActiveManifest.Success, f => f.Code == "assertion.dataHash.match");
            Assert.DoesNotContain(reader.Validation.Results.ActiveManifest.Informational, f => f.Code == "assertion.dataHash.additionalExclusionsPresent");

            // c2pa-rs reads the store the newest catalog's /AF names.
            var anchors = Path.Combine(directory.FullName, "root.pem");
            await File.WriteAllTextAsync(anchors, pki.Root.CertificatePem, cancellationToken);
            Assert.Contains("assertion.dataHash.match", Oracle.Successes(Oracle.RunTrusted(twice, anchors, "twice-signed PDF")));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Removing_the_stores_of_a_twice_signed_pdf_restores_the_original()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var signer = TestSigner.Create();
        var original = GeneratedAssets.Pdf();
        var once = new MemoryStream();
        await new ManifestBuilder(SignEveryFormatTests.AiGenerated).SignAsync(new MemoryStream(original), once, signer, cancellationToken);
        once.Position = 0;
        var twice = new MemoryStream();
        await new ManifestBuilder(SignEveryFormatTests.AiGenerated).SignAsync(once, twice, signer, cancellationToken);
        twice.Position = 0;
        var removed = new MemoryStream();
        PdfFormat.Instance.Remove(twice, removed, cancellationToken);
        Assert.Equal(original, removed.ToArray());
    }

    public static TheoryData<string, string?> CorpusPdfs => new()
    {
        { "c2pa-rs/sdk/tests/fixtures/basic.pdf", null },                // linearized, xref streams, no manifest
        { "c2pa-rs/sdk/tests/fixtures/express-signed.pdf", null },       // Adobe Express store already there
        { "public-testfiles/pdf/adobe-20240110-single_manifest_store.pdf", null },
        { "c2pa-rs/sdk/tests/fixtures/basic-signed.pdf", "encrypted" },  // PDF signature, encrypted
        { "c2pa-rs/sdk/tests/fixtures/basic-password.pdf", "encrypted" },
    };

    [Trait("Category", "Corpus")]
    [Theory]
    [MemberData(nameof(CorpusPdfs))]
    public async Task Corpus_pdf_is_signed_and_validates_or_is_refused(string corpusFile, string? refusal)
    {
        var path = SharedFolder.RequireCorpusFile(corpusFile);
        var cancellationToken = TestContext.Current.CancellationToken;
        var pki = TestSigner.CreatePki();
        using var signer = pki.CreateClaimSigner();
        var directory = Directory.CreateTempSubdirectory("mediatrust-pdf-corpus-");
        try
        {
            var output = Path.Combine(directory.FullName, "signed.pdf");
            var builder = new ManifestBuilder(Edited) { Ingredients = [new IngredientFile { Path = path, Relationship = IngredientFile.ParentOf }] };
            if (refusal is not null)
            {
                var error = await Assert.ThrowsAsync<NotSupportedException>(() => builder.SignFileAsync(path, output, signer, cancellationToken));
                Assert.Contains(refusal, error.Message, StringComparison.Ordinal);
                Assert.False(File.Exists(output));
                return;
            }

            var label = await builder.SignFileAsync(path, output, signer, cancellationToken);
            var originalLength = new FileInfo(path).Length;
            await using (var original = File.OpenRead(path))
            await using (var signed = File.OpenRead(output))
            {
                Assert.True(await SamePrefixAsync(original, signed, originalLength, cancellationToken), "the original bytes must be an unchanged prefix");
            }

            var reader = await Reader.ReadFileAsync(output, SignEveryFormatTests.TrustingRoot(pki), cancellationToken);
            Assert.Equal(label, reader.Store.ActiveManifest!.Label);
            Assert.True(reader.Validation!.State == ValidationState.Trusted,
                $"MediaTrust: {reader.Validation.State}: {string.Join("; ", reader.Validation.Failures)}");
            Assert.Contains(reader.Validation.Results.ActiveManifest.Success, f => f.Code == "assertion.dataHash.match");

            var anchors = Path.Combine(directory.FullName, "root.pem");
            await File.WriteAllTextAsync(anchors, pki.Root.CertificatePem, cancellationToken);
            Oracle.RunTrusted(output, anchors, corpusFile);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static async Task<bool> SamePrefixAsync(Stream a, Stream b, long length, CancellationToken cancellationToken)
    {
        var left = new byte[1 << 16];
        var right = new byte[1 << 16];
        for (long done = 0; done < length;)
        {
            var count = (int)Math.Min(left.Length, length - done);
            await a.ReadExactlyAsync(left.AsMemory(0, count), cancellationToken);
            await b.ReadExactlyAsync(right.AsMemory(0, count), cancellationToken);
            if (!left.AsSpan(0, count).SequenceEqual(right.AsSpan(0, count)))
            {
                return false;
            }

            done += count;
        }

        return true;
    }
}
