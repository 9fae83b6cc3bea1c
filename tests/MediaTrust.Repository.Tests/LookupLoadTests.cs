using System.Diagnostics;
using System.Globalization;
using MediaTrust.SoftBinding;
using Npgsql;

namespace MediaTrust.Repository;

/// <summary>
/// Lookup latency at scale (docs/benchmarks.md): random 256-bit PDQ hashes, then top-10 queries for near-duplicates of
/// stored ones (10 bits flipped) and for unrelated hashes. <c>MEDIATRUST_LOAD_FINGERPRINTS</c> sets the count (20,000 by
/// default, so that CI's full run stays short; the recorded figures use 1,000,000). The test checks what was found, and
/// prints the times. Building a million rows takes minutes, so a database can be kept and only the timed queries run
/// again: <c>MEDIATRUST_LOAD_DB</c> names a SQLite file and <c>MEDIATRUST_LOAD_PG</c> a PostgreSQL connection string;
/// an empty database is filled (the hashes come from a fixed seed), one holding exactly that many fingerprints is queried.
/// </summary>
[Trait("Category", "Load")]
public sealed class LookupLoadTests(ITestOutputHelper output, PostgresServer server) : IClassFixture<PostgresServer>
{
    /// <summary>Timed queries of each kind, after the warm-up ones.</summary>
    private const int TimedQueries = 1000;

    private const int WarmUpQueries = 20;

    private static int Count => int.TryParse(Environment.GetEnvironmentVariable("MEDIATRUST_LOAD_FINGERPRINTS"), out var n) ? n : 20_000;

    [Fact]
    public async Task Top_ten_lookups_among_many_fingerprints_on_sqlite()
    {
        if (Environment.GetEnvironmentVariable("MEDIATRUST_LOAD_DB") is { Length: > 0 } kept)
        {
            await using var repository = await SqliteManifestRepository.OpenAsync(kept, cancellationToken: TestContext.Current.CancellationToken);
            await MeasureAsync(repository, "SQLite", serverBackends: null);
            return;
        }

        var directory = Directory.CreateTempSubdirectory("mediatrust-load-").FullName;
        try
        {
            await using var repository = await SqliteManifestRepository.OpenAsync(Path.Combine(directory, "load.db"), cancellationToken: TestContext.Current.CancellationToken);
            await MeasureAsync(repository, "SQLite", serverBackends: null);
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
        string connectionString;
        if (Environment.GetEnvironmentVariable("MEDIATRUST_LOAD_PG") is { Length: > 0 } kept)
        {
            connectionString = kept;
        }
        else
        {
            server.Require();
            connectionString = await server.CreateDatabaseAsync();
        }

        await using var repository = await PostgresManifestRepository.OpenAsync(connectionString, cancellationToken: TestContext.Current.CancellationToken);
        await MeasureAsync(repository, "PostgreSQL", connectionString);
    }

    /// <param name="serverBackends">For PostgreSQL, the connection string whose server processes' processor time is counted too.</param>
    private async Task MeasureAsync(SqlManifestRepository repository, string backend, string? serverBackends)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var random = new Random(42);
        var hashes = new byte[Count][];
        for (var i = 0; i < hashes.Length; i++)
        {
            hashes[i] = new byte[32];
            random.NextBytes(hashes[i]);
        }

        var (_, stored) = await repository.CountAsync(cancellationToken);
        string ingestReport;
        if (stored == 0)
        {
            var ingest = Stopwatch.StartNew();
            const int batch = 50_000;
            for (var start = 0; start < hashes.Length; start += batch)
            {
                await repository.BulkInsertAsync(Enumerable.Range(start, Math.Min(batch, hashes.Length - start))
                    .Select(i => ($"urn:c2pa:load-{i:D8}", ImageFingerprints.PdqAlgorithm, hashes[i])), cancellationToken);
            }

            ingest.Stop();
            var loaded = Stopwatch.StartNew();
            await repository.AfterBulkInsertAsync(cancellationToken);
            ingestReport = $"{Count:N0} fingerprints ingested in {ingest.Elapsed.TotalSeconds:F1} s ({Count / ingest.Elapsed.TotalSeconds:N0}/s), then {loaded.Elapsed.TotalSeconds:F1} s of statistics";
            output.WriteLine($"{backend}: {ingestReport}");
        }
        else
        {
            Assert.True(stored == Count, $"the kept database holds {stored:N0} fingerprints, not {Count:N0}: delete it (or empty it) to build it again");
            ingestReport = $"{Count:N0} fingerprints already stored";
        }

        var near = new List<double>();
        var unrelated = new List<double>();

        // The machine may be shared: the processor time per query tells the work from the wait. For PostgreSQL the work
        // is split between this process and the server's backend processes, so both are counted.
        var processor = Process.GetCurrentProcess().TotalProcessorTime;
        var serverBefore = serverBackends is null ? null : await BackendProcessorTimeAsync(serverBackends);
        for (var q = 0; q < WarmUpQueries + TimedQueries; q++)
        {
            if (q == WarmUpQueries)
            {
                // The first queries warm the caches; the figures are over the rest.
                processor = Process.GetCurrentProcess().TotalProcessorTime;
                serverBefore = serverBackends is null ? null : await BackendProcessorTimeAsync(serverBackends);
            }

            var target = random.Next(hashes.Length);
            var probe = (byte[])hashes[target].Clone();
            for (var b = 0; b < 10; b++)
            {
                probe[(b * 3) + 1] ^= (byte)(1 << (b % 8));
            }

            var watch = Stopwatch.StartNew();
            var matches = await repository.FindAsync(ImageFingerprints.PdqAlgorithm, probe, 10, cancellationToken: cancellationToken);
            near.Add(watch.Elapsed.TotalMilliseconds);
            Assert.Equal($"urn:c2pa:load-{target:D8}", matches[0].ManifestId);
            Assert.Equal(10, matches[0].Distance);

            var other = new byte[32];
            random.NextBytes(other);
            watch.Restart();
            await repository.FindAsync(ImageFingerprints.PdqAlgorithm, other, 10, cancellationToken: cancellationToken);
            unrelated.Add(watch.Elapsed.TotalMilliseconds);
        }

        var clientMs = (Process.GetCurrentProcess().TotalProcessorTime - processor).TotalMilliseconds / (2.0 * TimedQueries);
        var serverAfter = serverBackends is null ? null : await BackendProcessorTimeAsync(serverBackends);
        var serverMs = serverBefore is null || serverAfter is null
            ? (double?)null
            : serverAfter.Sum(p => p.Value - serverBefore.GetValueOrDefault(p.Key)) / (2.0 * TimedQueries);

        static (double P50, double P99) Percentiles(List<double> times)
        {
            var sorted = times.Skip(WarmUpQueries).Order().ToList();
            return (sorted[sorted.Count / 2], sorted[(int)(sorted.Count * 0.99)]);
        }

        var (nearP50, nearP99) = Percentiles(near);
        var (otherP50, otherP99) = Percentiles(unrelated);
        var load = File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
        var cpu = serverMs is { } s ? $"{clientMs:F2} ms client + {s:F2} ms server = {clientMs + s:F2} ms" : $"{clientMs:F2} ms";
        output.WriteLine($"{backend}: top-10, near-duplicate (10 bits): p50 {nearP50:F2} ms, p99 {nearP99:F2} ms");
        output.WriteLine($"{backend}: top-10, unrelated hash: p50 {otherP50:F2} ms, p99 {otherP99:F2} ms");
        output.WriteLine($"{backend}: processor time per query, mean: {cpu}");

        // One line to paste into docs/benchmarks.md (also on the console, which the test logger shows at normal verbosity).
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"LOOKUP {backend} {Count:N0}: {ingestReport}; near p50/p99 {nearP50:F1}/{nearP99:F1} ms; unrelated p50/p99 {otherP50:F1}/{otherP99:F1} ms; processor/query {cpu}; load average {load}");
        output.WriteLine(summary);
        Console.WriteLine(summary);
    }

    /// <summary>
    /// The processor time (ms) of each server process serving the database of <paramref name="connectionString"/>, read from
    /// /proc; null when the server is not on this machine.
    /// </summary>
    private static async Task<Dictionary<int, double>?> BackendProcessorTimeAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", connection);
        var times = new Dictionary<int, double>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var pid = reader.GetInt32(0);
            var path = $"/proc/{pid}/stat";
            if (!File.Exists(path))
            {
                return null;
            }

            // Fields 14 and 15 (utime, stime) in clock ticks, after the command name in parentheses.
            var fields = File.ReadAllText(path).Split(')')[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            times[pid] = ticks * 1000.0 / ClockTicksPerSecond;
        }

        return times;
    }

    /// <summary>The kernel's USER_HZ, 100 on Linux.</summary>
    private const double ClockTicksPerSecond = 100;
}
