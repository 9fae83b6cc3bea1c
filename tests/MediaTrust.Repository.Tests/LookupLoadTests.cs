using System.Diagnostics;
using MediaTrust.SoftBinding;

namespace MediaTrust.Repository;

/// <summary>
/// Lookup latency at scale (docs/benchmarks.md): random 256-bit PDQ hashes, then top-10 queries for near-duplicates of
/// stored ones (10 bits flipped) and for unrelated hashes. <c>MEDIATRUST_LOAD_FINGERPRINTS</c> sets the count (20,000 by
/// default, so that CI's full run stays short; the recorded figures use 1,000,000). The test checks what was found, and prints the times.
/// </summary>
[Trait("Category", "Load")]
public sealed class LookupLoadTests(ITestOutputHelper output, PostgresServer server) : IClassFixture<PostgresServer>
{
    private static int Count => int.TryParse(Environment.GetEnvironmentVariable("MEDIATRUST_LOAD_FINGERPRINTS"), out var n) ? n : 20_000;

    [Fact]
    public async Task Top_ten_lookups_among_many_fingerprints_on_sqlite()
    {
        var directory = Directory.CreateTempSubdirectory("mediatrust-load-").FullName;
        try
        {
            await using var repository = await SqliteManifestRepository.OpenAsync(Path.Combine(directory, "load.db"), cancellationToken: TestContext.Current.CancellationToken);
            await MeasureAsync(repository, "SQLite");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    [Trait("Category", "Database")]
    public async Task Top_ten_lookups_among_many_fingerprints_on_postgresql()
    {
        server.Require();
        await using var repository = await PostgresManifestRepository.OpenAsync(await server.CreateDatabaseAsync(), cancellationToken: TestContext.Current.CancellationToken);
        await MeasureAsync(repository, "PostgreSQL");
    }

    private async Task MeasureAsync(SqlManifestRepository repository, string backend)
    {
        var random = new Random(42);
        var hashes = new byte[Count][];
        for (var i = 0; i < hashes.Length; i++)
        {
            hashes[i] = new byte[32];
            random.NextBytes(hashes[i]);
        }

        var ingest = Stopwatch.StartNew();
        const int batch = 50_000;
        for (var start = 0; start < hashes.Length; start += batch)
        {
            await repository.BulkInsertAsync(Enumerable.Range(start, Math.Min(batch, hashes.Length - start))
                .Select(i => ($"urn:c2pa:load-{i:D8}", ImageFingerprints.PdqAlgorithm, hashes[i])), TestContext.Current.CancellationToken);
        }

        ingest.Stop();
        var near = new List<double>();
        var unrelated = new List<double>();

        // The machine may be shared: the process's processor time per query tells the work from the wait.
        var processor = Process.GetCurrentProcess().TotalProcessorTime;
        for (var q = 0; q < 300; q++)
        {
            var target = random.Next(hashes.Length);
            var probe = (byte[])hashes[target].Clone();
            for (var b = 0; b < 10; b++)
            {
                probe[(b * 3) + 1] ^= (byte)(1 << (b % 8));
            }

            var watch = Stopwatch.StartNew();
            var matches = await repository.FindAsync(ImageFingerprints.PdqAlgorithm, probe, 10, cancellationToken: TestContext.Current.CancellationToken);
            near.Add(watch.Elapsed.TotalMilliseconds);
            Assert.Equal($"urn:c2pa:load-{target:D8}", matches[0].ManifestId);

            var other = new byte[32];
            random.NextBytes(other);
            watch.Restart();
            await repository.FindAsync(ImageFingerprints.PdqAlgorithm, other, 10, cancellationToken: TestContext.Current.CancellationToken);
            unrelated.Add(watch.Elapsed.TotalMilliseconds);
        }

        processor = Process.GetCurrentProcess().TotalProcessorTime - processor;

        // The first queries warm the caches; the figures are over the rest.
        static string Percentiles(List<double> times)
        {
            var sorted = times.Skip(20).Order().ToList();
            return $"p50 {sorted[sorted.Count / 2]:F2} ms, p99 {sorted[(int)(sorted.Count * 0.99)]:F2} ms";
        }

        output.WriteLine($"{backend}: {Count:N0} fingerprints ingested in {ingest.Elapsed.TotalSeconds:F1} s ({Count / ingest.Elapsed.TotalSeconds:N0}/s)");
        output.WriteLine($"{backend}: top-10, near-duplicate (10 bits): {Percentiles(near)}");
        output.WriteLine($"{backend}: top-10, unrelated hash: {Percentiles(unrelated)}");
        output.WriteLine($"{backend}: processor time of this process per query, mean: {processor.TotalMilliseconds / 600:F2} ms");
    }
}
