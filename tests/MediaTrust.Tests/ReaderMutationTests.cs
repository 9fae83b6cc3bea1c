using MediaTrust.Formats;
using MediaTrust.IO;
using MediaTrust.Signing;
using MediaTrust.Testing;
using MediaTrust.Validation;

namespace MediaTrust;

/// <summary>
/// Damaged input never crashes the reader: for every format MediaTrust signs, a signed file is damaged in
/// seeded ways (byte flips, size fields set to 0 or to all ones, truncation, a slice cut out, bytes
/// inserted), mostly inside the manifest store where the parsers work hardest. Reading, validating and
/// building both JSON views must then succeed or fail with one of the documented exceptions:
/// <see cref="MalformedContentException"/>, <see cref="NoManifestException"/> or <see cref="NotSupportedException"/>.
/// Each failure names the format, the seed and the damage, so it can be replayed.
/// </summary>
[Trait("Category", "Damage")]
public sealed class ReaderMutationTests
{
    /// <summary>300 per file in the suite; set MEDIATRUST_MUTATIONS to search longer (the seeds stay the same, so a run's failures replay).</summary>
    private static readonly int MutationsPerFormat =
        int.TryParse(Environment.GetEnvironmentVariable("MEDIATRUST_MUTATIONS"), out var count) && count > 0 ? count : 300;

    public static TheoryData<string> SignableFormats => new([.. GeneratedAssets.Writable, "ttf"]);

    [Theory]
    [MemberData(nameof(SignableFormats))]
    public async Task Damaged_signed_files_give_a_result_or_a_documented_error(string extension)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var pki = TestSigner.CreatePki();
        using var signer = pki.CreateClaimSigner();
        var asset = extension == "ttf" ? Formats.Font.FontFormatTests.Minimal(Formats.Font.SfntDirectory.TrueType) : GeneratedAssets.Create(extension);
        using var output = new MemoryStream();
        await new ManifestBuilder(SignEveryFormatTests.AiGenerated) { GenerateThumbnails = false }.SignAsync(new MemoryStream(asset), output, signer, cancellationToken);
        var signed = output.ToArray();
        var store = StoreRange(signed, cancellationToken);
        var options = new ReaderOptions { Validation = new ValidationOptions { Trust = new Pki.TrustStoreBuilder().AddSignerAnchorsFromPem(pki.Root.CertificatePem).Build() } };

        await DamageAndReadAsync(extension, signed, store, options, cancellationToken);
    }

    /// <summary>Real stores others wrote: time-stamp tokens, stapled OCSP, ingredient chains, several containers.</summary>
    public static TheoryData<string> CorpusFiles => new(
        "c2pa-rs/sdk/tests/fixtures/ocsp.jpg",
        "c2pa-rs/cli/tests/fixtures/verify.jpeg",
        "public-testfiles/image/jpeg/adobe-20220124-CAICAI.jpg",
        "c2pa-rs/sdk/tests/fixtures/express-signed.pdf",
        "c2pa-rs/sdk/tests/fixtures/legacy.mp4",
        "c2pa-extension-validator/test/media/cicadas_trusted.wav",
        "c2pa-extension-validator/test/media/cards_trusted.avif",
        "c2pa-extension-validator/test/media/cards_trusted.svg",
        "public-testfiles/font/ttf/monotype-20240712-monotype_sans.ttf");

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public async Task Damaged_corpus_files_give_a_result_or_a_documented_error(string relativePath)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var signed = await File.ReadAllBytesAsync(SharedFolder.RequireCorpusFile(relativePath), cancellationToken);
        var store = StoreRange(signed, cancellationToken);
        var options = new ReaderOptions { Validation = new ValidationOptions { ValidationTime = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero) } };

        await DamageAndReadAsync(relativePath, signed, store, options, cancellationToken);
    }

    /// <summary>Reads <see cref="MutationsPerFormat"/> damaged copies of <paramref name="signed"/>; fails naming the first few that went wrong.</summary>
    private static async Task DamageAndReadAsync(string name, byte[] signed, ByteRange store, ReaderOptions options, CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        for (var seed = 0; seed < MutationsPerFormat; seed++)
        {
            var (damaged, what) = Damage.Apply(signed, store, new Random(Damage.StableSeed(name, seed)));
            if (await ReadAsync(damaged, options, cancellationToken) is { } failure)
            {
                failures.Add($"{name} seed {seed} ({what}): {failure}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n\n", failures.Take(5)));
    }

    /// <summary>Reads, validates and builds both JSON views; null when that worked or failed as documented, else what went wrong.</summary>
    private static async Task<string?> ReadAsync(byte[] damaged, ReaderOptions options, CancellationToken cancellationToken)
    {
        try
        {
            // On the thread pool, so the hang guard can fire while a synchronous parser loops.
            var reader = await Task.Run(() => Reader.ReadAsync(new MemoryStream(damaged, writable: false), options, cancellationToken), cancellationToken)
                .WaitAsync(HangGuard.Limit, cancellationToken);
            _ = reader.ToJson();
            _ = reader.ToDetailedJson();
            return null;
        }
        catch (Exception e) when (e is MalformedContentException or NoManifestException or NotSupportedException)
        {
            return null; // a documented outcome for bad input
        }
        catch (Exception e)
        {
            return $"{e.GetType().Name}: {e.Message}\n{e.StackTrace}";
        }
    }

    /// <summary>Where the store sits in the signed file, to aim most of the damage at it.</summary>
    private static ByteRange StoreRange(byte[] signed, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(signed, writable: false);
        var format = AssetFormats.Detect(stream)!;
        var carriage = format.ReadLayout(stream, cancellationToken).Stores[0].Carriage;
        var start = carriage.Min(r => r.Start);
        return new ByteRange(start, carriage.Max(r => r.End) - start);
    }
}
