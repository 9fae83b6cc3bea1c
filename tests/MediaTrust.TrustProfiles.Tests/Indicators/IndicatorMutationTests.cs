namespace MediaTrust.TrustProfiles.Indicators;

/// <summary>
/// Damaged files never crash the indicator set: seeded byte flips (in the first 70 KB, where the metadata
/// blocks are) and truncations of corpus files in several formats, read by our reader and by the
/// third-party metadata parser, give an indicator set or NotSupportedException. Each failure names its seed.
/// </summary>
[Trait("Category", "Damage")]
public sealed class IndicatorMutationTests
{
    [Theory]
    [InlineData("public-testfiles/image/jpeg/nikon-20221019-building.jpeg")]
    [InlineData("public-testfiles/image/jpeg/adobe-20220124-CICA.jpg")]
    [InlineData("c2pa-extension-validator/test/media/cards_trusted.png")]
    [InlineData("c2pa-extension-validator/test/media/cards_trusted.webp")]
    [InlineData("c2pa-rs/sdk/tests/fixtures/TUSCANY.TIF")]
    [InlineData("c2pa-extension-validator/test/media/cicadas_trusted.mp3")]
    public async Task Damaged_files_give_an_indicator_set(string relative)
    {
        var source = await File.ReadAllBytesAsync(MediaTrust.Testing.SharedFolder.RequireCorpusFile(relative), TestContext.Current.CancellationToken);
        var directory = Directory.CreateTempSubdirectory("mediatrust-indicators-");
        var path = Path.Combine(directory.FullName, Path.GetFileName(relative));
        var failures = new List<string>();
        for (var seed = 0; seed < 120; seed++)
        {
            var random = new Random((seed * 17) + relative.Length);
            var damaged = (byte[])source.Clone();
            var n = 1 + random.Next(8);
            for (var i = 0; i < n; i++)
            {
                damaged[random.Next(Math.Min(damaged.Length, 70000))] ^= (byte)random.Next(1, 256);
            }

            if (random.Next(4) == 0)
            {
                damaged = damaged[..random.Next(damaged.Length)];
            }
            await File.WriteAllBytesAsync(path, damaged, TestContext.Current.CancellationToken);
            try
            {
                _ = (await TrustIndicatorSet.FromFileAsync(path, cancellationToken: TestContext.Current.CancellationToken)).ToJsonString();
            }
            catch (NotSupportedException)
            {
                // A documented outcome: not a format MediaTrust reads.
            }
            catch (Exception e)
            {
                failures.Add($"{relative} seed {seed}: {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
            }
        }

        directory.Delete(recursive: true);
        Assert.True(failures.Count == 0, string.Join("\n\n", failures.Take(5)));
    }
}
