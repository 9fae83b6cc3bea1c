using System.Globalization;
using System.Net;
using MediaTrust.LoadTest;

namespace MediaTrust.Server;

/// <summary>
/// A small, bounded version of the load test (bench/MediaTrust.LoadTest, docs/benchmarks.md "Web verifier") through real
/// HTTP to the real server in its own process: concurrent large uploads stay under the memory bound because uploads are
/// streamed to a temp file, never buffered (docs/server.md, "Security"), and every answer under load is the right one.
/// No wall-clock assertions: only counts, states and the server's peak resident set.
/// </summary>
[Trait("Category", "Load")]
public sealed class LoadTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.Parse(ServerHost.PinnedTime, CultureInfo.InvariantCulture);

    private static Dictionary<string, string> Settings() => new()
    {
        ["MediaTrust:ValidationTime"] = At.ToString("O", CultureInfo.InvariantCulture),
        ["MediaTrust:RateLimitPermits"] = "1000000",
    };

    [Fact]
    public async Task Four_concurrent_50_MiB_uploads_keep_the_server_under_300_MiB_and_are_all_answered_right()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Skip("The server's resident set is read from /proc (Linux).");
        }

        var folder = Directory.CreateTempSubdirectory("mediatrust-webload-test-");
        try
        {
            var file = Path.Combine(folder.FullName, "large.jpg");
            LoadRunner.WritePaddedJpeg(Repository.PathOf("samples/gradient-signed.jpg"), file, 50L << 20);
            var expected = await InProcessRate.StateAsync(new InputFile(file, File.ReadAllBytes(file)), InProcessRate.Options(At));
            Assert.Equal("invalid", expected); // the padding after EOI is covered by the data hash (spec 2.2 §18.5)

            await using var server = await ServerProcess.StartAsync(Settings(), TestContext.Current.CancellationToken);
            var result = await LoadRunner.RunUploadsAsync(server, file, 4, TestContext.Current.CancellationToken);

            Assert.Equal(Enumerable.Repeat(expected, 4), result.States);
            Assert.Equal(0, result.LeftoverFiles);
            Assert.True(result.PeakResidentBytes < 300L << 20,
                $"the server's peak resident set was {result.PeakResidentBytes >> 20} MiB for 4 x 50 MiB uploads (bound 300 MiB): is an upload buffered in memory?");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Concurrent_clients_get_the_same_answers_as_one_client_and_as_the_engine_in_process()
    {
        var inputs = new[] { "samples/gradient-signed.jpg", "samples/gradient.jpg" }.Select(f => new InputFile(Repository.PathOf(f), File.ReadAllBytes(Repository.PathOf(f)))).ToList();
        var files = inputs.Select(input => input.Bytes).ToList();
        var options = InProcessRate.Options(At);
        var inProcess = new List<string>();
        foreach (var input in inputs)
        {
            inProcess.Add(await InProcessRate.StateAsync(input, options));
        }

        Assert.Equal(["valid", "no-manifest"], inProcess);
        await using var server = await ServerProcess.StartAsync(Settings(), TestContext.Current.CancellationToken);
        var warm = await LoadRunner.WarmUpAsync(server.Address, files, TestContext.Current.CancellationToken);
        Assert.Equal(inProcess, warm.Select(w => w.State));
        Assert.All(warm, w => Assert.Equal(HttpStatusCode.OK, w.Status));

        // 40 requests from 4 clients; the time bound only stops a hung run, it asserts nothing.
        var level = await LoadRunner.RunLevelAsync(server, files, [.. warm.Select(w => w.Status)], clients: 4, requests: 40, TimeSpan.FromMinutes(5),
            TestContext.Current.CancellationToken);
        Assert.Equal(40, level.Requests);
        Assert.Equal(0, level.Unexpected);
        Assert.Empty(Directory.EnumerateFiles(server.TempDirectory, "*", SearchOption.AllDirectories));
    }
}
