using MediaTrust.Cose;
using MediaTrust.Pki;
using MediaTrust.Signing;
using MediaTrust.Testing;

namespace MediaTrust.Validation;

/// <summary>Runs alone: it measures the process's allocations, which parallel tests would add to.</summary>
[CollectionDefinition(DisableParallelization = true)]
public sealed class AllocationMeasuringCollection;

/// <summary>
/// Validating a large asset streams the hard-binding hash through a bounded buffer: the bytes
/// allocated do not grow with the file (the timed 1 GiB figure is in docs/benchmarks.md, "Validation").
/// </summary>
[Collection(nameof(AllocationMeasuringCollection))]
public sealed class StreamingMemoryTests
{
    [Fact]
    public async Task Validating_a_large_wav_allocates_far_less_than_the_file()
    {
        var folder = Directory.CreateTempSubdirectory("mediatrust-stream-");
        try
        {
            var small = await SignedWavAsync(folder.FullName, "small", 1 << 20);
            var large = await SignedWavAsync(folder.FullName, "large", 48 << 20);
            var pki = PkiFixtures.Get(SigningAlgorithm.ES256);
            var options = new ReaderOptions { Validation = new ValidationOptions { Trust = PkiFixtures.TrustFor(pki), ValidationTime = PkiFixtures.Now } };
            _ = await Reader.ReadFileAsync(small, options, TestContext.Current.CancellationToken); // warm-up (JIT, static tables)

            var (smallReport, smallBytes) = await MeasureAsync(small, options);
            var (largeReport, largeBytes) = await MeasureAsync(large, options);

            Assert.Equal(ValidationState.Trusted, smallReport.State);
            Assert.Equal(ValidationState.Trusted, largeReport.State);
            Assert.Contains(largeReport.Results.ActiveManifest.Success, f => f.Code == "assertion.dataHash.match");
            var length = new FileInfo(large).Length;
            Assert.True(largeBytes < length / 16, $"validating {length:N0} bytes allocated {largeBytes:N0} bytes");
            // 48× the data costs at most 1 MiB more: nothing is proportional to the file.
            Assert.True(largeBytes - smallBytes < 1 << 20, $"1 MiB file: {smallBytes:N0} bytes allocated; 48 MiB file: {largeBytes:N0}");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Counts what this thread allocates while validating. With files and no network the validation
    /// completes synchronously, so the count is exact and other tests' threads cannot disturb it;
    /// the test refuses to count if the validation ever went asynchronous.
    /// </summary>
    private static async Task<(ValidationReport Report, long Allocated)> MeasureAsync(string file, ReaderOptions options)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var validation = Reader.ReadFileAsync(file, options, TestContext.Current.CancellationToken);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(validation.IsCompleted, "the validation went asynchronous, so a per-thread allocation count would miss work");
        return ((await validation).Validation!, allocated);
    }

    private static async Task<string> SignedWavAsync(string folder, string name, int dataBytes)
    {
        var source = Path.Combine(folder, name + ".source.wav");
        using (var stream = File.Create(source))
        {
            TestMedia.WriteWav(stream, dataBytes, seed: 7);
        }

        var definition = ManifestDefinition.FromJson("""
            { "claim_generator_info": [{ "name": "MediaTrust tests", "version": "1.0" }], "title": "large.wav",
              "assertions": [ { "label": "c2pa.actions.v2", "data": { "actions": [ { "action": "c2pa.created",
                "digitalSourceType": "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture" } ] } } ] }
            """);
        var signed = Path.Combine(folder, name + ".wav");
        using var signer = PkiFixtures.Get(SigningAlgorithm.ES256).CreateClaimSigner();
        await new ManifestBuilder(definition).SignFileAsync(source, signed, signer, TestContext.Current.CancellationToken);
        return signed;
    }
}
