using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace MediaTrust.LoadTest;

/// <summary>What one concurrency level came to.</summary>
/// <param name="Clients">Concurrent clients (one connection each).</param>
/// <param name="Requests">Requests answered.</param>
/// <param name="Elapsed">Wall time from the first request to the last answer.</param>
/// <param name="P50">Median latency (request sent to response read).</param>
/// <param name="P99">99th percentile latency (nearest rank).</param>
/// <param name="ServerCpu">CPU time the server used meanwhile (user + system).</param>
/// <param name="Unexpected">Answers whose status was not the one of the warm-up pass for the same file.</param>
internal sealed record LevelResult(int Clients, int Requests, TimeSpan Elapsed, TimeSpan P50, TimeSpan P99, TimeSpan ServerCpu, int Unexpected)
{
    public double FilesPerSecond => Requests / Elapsed.TotalSeconds;

    public double FilesPerServerCpuSecond => ServerCpu > TimeSpan.Zero ? Requests / ServerCpu.TotalSeconds : double.NaN;
}

/// <summary>What concurrent large uploads came to.</summary>
/// <param name="Uploads">Uploads sent at once.</param>
/// <param name="BytesEach">Bytes per upload.</param>
/// <param name="Elapsed">Wall time until the last answer.</param>
/// <param name="PeakResidentBytes">The server's peak resident set over its whole life (VmHWM), start-up included.</param>
/// <param name="States">The <c>verdict.state</c> of each answer (or <c>HTTP nnn</c>).</param>
/// <param name="LeftoverFiles">Files left in the upload folder after every answer.</param>
internal sealed record UploadResult(int Uploads, long BytesEach, TimeSpan Elapsed, long PeakResidentBytes, IReadOnlyList<string> States, int LeftoverFiles);

/// <summary>Drives <c>POST /api/v1/verify</c> on a <see cref="ServerProcess"/>: bounded in requests and in time, so it stops by itself.</summary>
internal static class LoadRunner
{
    /// <summary>
    /// One pass over <paramref name="files"/> with one client, reading each answer's <c>verdict.state</c>: the states the
    /// later passes are checked against (by status), and the JIT warm-up.
    /// </summary>
    public static async Task<IReadOnlyList<(HttpStatusCode Status, string State)>> WarmUpAsync(Uri server, IReadOnlyList<byte[]> files, CancellationToken cancellationToken)
    {
        using var client = Client(server, 1);
        var states = new List<(HttpStatusCode, string)>(files.Count);
        foreach (var file in files)
        {
            using var response = await client.PostAsync("/api/v1/verify", Body(file), cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var state = response.StatusCode == HttpStatusCode.OK
                ? JsonNode.Parse(text)!["verdict"]!["state"]!.GetValue<string>()
                : "error"; // 415/422: the command says "error" for what the API refuses with a problem
            states.Add((response.StatusCode, state));
        }

        return states;
    }

    /// <summary>
    /// <paramref name="clients"/> clients post the files round-robin until <paramref name="requests"/> are answered or
    /// <paramref name="limit"/> has passed; every answer is read whole.
    /// </summary>
    public static async Task<LevelResult> RunLevelAsync(ServerProcess server, IReadOnlyList<byte[]> files, IReadOnlyList<HttpStatusCode> expected,
        int clients, int requests, TimeSpan limit, CancellationToken cancellationToken)
    {
        using var client = Client(server.Address, clients);
        var latencies = new long[requests];
        var next = -1;
        var answered = 0;
        var unexpected = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(limit);
        var cpuBefore = server.CpuTime();
        var started = Stopwatch.GetTimestamp();

        async Task WorkerAsync()
        {
            int index;
            while (!stop.IsCancellationRequested && (index = Interlocked.Increment(ref next)) < requests)
            {
                var file = index % files.Count;
                var sent = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await client.PostAsync("/api/v1/verify", Body(files[file]), stop.Token);
                    _ = await response.Content.ReadAsByteArrayAsync(stop.Token);
                    latencies[index] = Stopwatch.GetTimestamp() - sent;
                    if (response.StatusCode != expected[file])
                    {
                        Interlocked.Increment(ref unexpected);
                    }

                    Interlocked.Increment(ref answered);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    // The time limit: the level ends with what was answered.
                    latencies[index] = -1;
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(WorkerAsync, CancellationToken.None)));
        var elapsed = Stopwatch.GetElapsedTime(started);
        var cpu = server.CpuTime() - cpuBefore;
        var sorted = latencies.Where(l => l > 0).Order().ToArray();
        return new LevelResult(clients, answered, elapsed, Percentile(sorted, 0.50), Percentile(sorted, 0.99), cpu, unexpected);
    }

    /// <summary>
    /// <paramref name="uploads"/> concurrent raw-body uploads of <paramref name="file"/> (streamed from disk by the client),
    /// then the server's peak resident set and what is left in its upload folder.
    /// </summary>
    public static async Task<UploadResult> RunUploadsAsync(ServerProcess server, string file, int uploads, CancellationToken cancellationToken)
    {
        using var client = Client(server.Address, uploads);
        client.Timeout = TimeSpan.FromMinutes(10);
        var started = Stopwatch.GetTimestamp();
        var states = await Task.WhenAll(Enumerable.Range(0, uploads).Select(async _ =>
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
            var content = new StreamContent(stream, 1 << 16);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            content.Headers.ContentLength = stream.Length;
            using var response = await client.PostAsync("/api/v1/verify", content, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            return response.StatusCode == HttpStatusCode.OK
                ? JsonNode.Parse(text)!["verdict"]!["state"]!.GetValue<string>()
                : $"HTTP {(int)response.StatusCode}";
        }));
        var elapsed = Stopwatch.GetElapsedTime(started);
        var leftover = Directory.EnumerateFiles(server.TempDirectory, "*", SearchOption.AllDirectories).Count();
        return new UploadResult(uploads, new FileInfo(file).Length, elapsed, server.PeakResidentBytes(), states, leftover);
    }

    /// <summary>
    /// Writes a JPEG of about <paramref name="bytes"/> bytes: <paramref name="signedJpeg"/> followed by pseudo-random
    /// padding after its EOI, so the server reads the store and hashes every byte (the data hash then fails: invalid).
    /// </summary>
    public static void WritePaddedJpeg(string signedJpeg, string target, long bytes)
    {
        using var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        var head = File.ReadAllBytes(signedJpeg);
        output.Write(head);
        var random = new Random(13);
        var block = new byte[1 << 20];
        for (var left = bytes - head.Length; left > 0; left -= block.Length)
        {
            random.NextBytes(block);
            output.Write(block, 0, (int)Math.Min(left, block.Length));
        }
    }

    private static HttpClient Client(Uri server, int connections) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        UseProxy = false,
    })
    {
        BaseAddress = server,
        Timeout = TimeSpan.FromMinutes(2),
    };

    private static ByteArrayContent Body(byte[] file)
    {
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return content;
    }

    private static TimeSpan Percentile(long[] sorted, double fraction) =>
        sorted.Length == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(0, sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)]);
}
