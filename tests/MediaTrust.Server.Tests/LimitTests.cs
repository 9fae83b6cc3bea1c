using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;

namespace MediaTrust.Server;

/// <summary>The limits of docs/server.md: upload size (413 before the rest is read), rate and concurrency (429), time (504), client aborts.</summary>
public sealed class LimitTests
{
    private static readonly string Signed = Repository.PathOf("samples/gradient-signed.jpg");

    /// <summary>A body that says it is <see cref="Length"/> bytes long and counts what the server actually read.</summary>
    private sealed class CountingContent(long length, TimeSpan? stallAfterFirstChunk = null) : HttpContent
    {
        public long Length { get; } = length;

        public long Sent;

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context) => await SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            var chunk = new byte[64 << 10];
            while (Sent < Length)
            {
                var n = (int)Math.Min(chunk.Length, Length - Sent);
                await stream.WriteAsync(chunk.AsMemory(0, n), cancellationToken);
                Interlocked.Add(ref Sent, n);
                if (stallAfterFirstChunk is { } stall)
                {
                    await Task.Delay(stall, cancellationToken);
                }
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = Length;
            return true;
        }
    }

    [Fact]
    public async Task A_declared_length_past_the_limit_is_413_before_the_body_is_read()
    {
        await using var host = await ServerHost.StartAsync(Transport.TestHost, new Dictionary<string, string?> { ["MediaTrust:MaxUploadBytes"] = "100000" });
        var content = new CountingContent(50L << 20);
        using var response = await host.Client.PostAsync("/api/v1/verify", content, TestContext.Current.CancellationToken);
        await ApiTests.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "upload.tooLarge");
        Assert.True(content.Sent < (1L << 20), $"the server read {content.Sent} bytes of a refused upload");
    }

    [Fact]
    public async Task Kestrel_answers_413_without_asking_for_the_body()
    {
        await using var host = await ServerHost.StartAsync(Transport.Kestrel, new Dictionary<string, string?> { ["MediaTrust:MaxUploadBytes"] = "100000" });
        var content = new CountingContent(200L << 20);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/verify") { Content = content };
        request.Headers.ExpectContinue = true;
        using var response = await host.Client.SendAsync(request, TestContext.Current.CancellationToken);
        await ApiTests.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "upload.tooLarge");
        Assert.True(content.Sent < (1L << 20), $"the client sent {content.Sent} bytes of a refused upload");
    }

    [Fact]
    public async Task A_chunked_body_past_the_limit_is_413()
    {
        await using var host = await ServerHost.StartAsync(Transport.TestHost, new Dictionary<string, string?> { ["MediaTrust:MaxUploadBytes"] = "100000" });
        var content = new StreamContent(new MemoryStream(new byte[300_000]));
        content.Headers.ContentLength = null;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/verify") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await host.Client.SendAsync(request, TestContext.Current.CancellationToken);
        await ApiTests.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "upload.tooLarge");
        Assert.Empty(Directory.GetFiles(host.UploadFolder));
    }

    [Fact]
    public async Task Too_many_requests_from_one_client_are_429()
    {
        await using var host = await ServerHost.StartAsync(Transport.Kestrel, new Dictionary<string, string?> { ["MediaTrust:RateLimitPermits"] = "2", ["MediaTrust:RateLimitWindow"] = "00:10:00" });
        var token = TestContext.Current.CancellationToken;
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/api/v1/profiles", token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/api/v1/profiles", token)).StatusCode);
        using var third = await host.Client.GetAsync("/api/v1/profiles", token);
        await ApiTests.AssertProblemAsync(third, HttpStatusCode.TooManyRequests, "rate.limited");
        Assert.True(third.Headers.RetryAfter is not null);
        // The page and health are not rate limited.
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/healthz", token)).StatusCode);
    }

    [Fact]
    public async Task A_full_validation_queue_is_429()
    {
        await using var host = await ServerHost.StartAsync(Transport.TestHost, new Dictionary<string, string?>
        {
            ["MediaTrust:MaxConcurrentValidations"] = "1",
            ["MediaTrust:ValidationQueueLimit"] = "0",
        });
        var service = host.App.Services.GetRequiredService<VerificationService>();
        using (await service.EnterAsync(TestContext.Current.CancellationToken))
        {
            using var response = await host.PostFileAsync("/api/v1/verify", Signed);
            await ApiTests.AssertProblemAsync(response, HttpStatusCode.TooManyRequests, "validations.busy");
        }

        using var after = await host.PostFileAsync("/api/v1/verify", Signed);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task A_request_past_the_time_limit_is_504_and_leaves_no_file()
    {
        // The test host: Kestrel would answer 504 and then close the connection under a client still sending.
        await using var host = await ServerHost.StartAsync(Transport.TestHost, new Dictionary<string, string?> { ["MediaTrust:RequestTimeout"] = "00:00:01" });
        var content = new CountingContent(10L << 20, stallAfterFirstChunk: TimeSpan.FromMilliseconds(400));
        using var response = await host.Client.PostAsync("/api/v1/verify", content, TestContext.Current.CancellationToken);
        await ApiTests.AssertProblemAsync(response, HttpStatusCode.GatewayTimeout, "request.timeout");
        await AssertEmptySoonAsync(host.UploadFolder);
    }

    [Fact]
    public async Task An_uploaded_profile_of_endless_work_is_stopped_at_the_time_limit()
    {
        // 100 statements, each spending json-formula's whole per-expression budget on a value shared 2^25 times: about a
        // second each. Without the request's token reaching the evaluator, the answer was a 200 after all of them.
        var doubling = "[`1`,`1`]" + string.Concat(Enumerable.Repeat(" | [@,@]", 24));
        var profile = new System.Text.StringBuilder("---\nprofile_metadata:\n  name: Endless\n---\n");
        for (var i = 0; i < 100; i++)
        {
            profile.Append("- id: s").Append(i).Append("\n  expression: 'length(toString(").Append(doubling).Append("))'\n");
        }

        await using var host = await ServerHost.StartAsync(Transport.TestHost, new Dictionary<string, string?> { ["MediaTrust:RequestTimeout"] = "00:00:02" });
        using var response = await host.PostMultipartAsync("/api/v1/trust", ("file", "g.jpg", File.ReadAllBytes(Signed)),
            ("profile", "p.yml", System.Text.Encoding.UTF8.GetBytes(profile.ToString())));

        await ApiTests.AssertProblemAsync(response, HttpStatusCode.GatewayTimeout, "request.timeout");
        await AssertEmptySoonAsync(host.UploadFolder);
    }

    [Fact]
    public async Task A_client_that_goes_away_leaves_no_temporary_file()
    {
        await using var host = await ServerHost.StartAsync(Transport.Kestrel);
        using var abort = new CancellationTokenSource();
        var content = new CountingContent(100L << 20, stallAfterFirstChunk: TimeSpan.FromMilliseconds(50));
        var post = host.Client.PostAsync("/api/v1/verify", content, abort.Token);

        // Wait until the server is spooling the upload, then go away.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (Directory.GetFiles(host.UploadFolder).Length == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        var spooled = Directory.GetFiles(host.UploadFolder);
        Assert.NotEmpty(spooled);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(spooled[0]));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(host.UploadFolder));
        }

        await abort.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => post);
        await AssertEmptySoonAsync(host.UploadFolder);
    }

    [Fact]
    public async Task An_answered_request_leaves_no_temporary_file()
    {
        await using var host = await ServerHost.StartAsync(Transport.TestHost);
        using var response = await host.PostMultipartAsync("/api/v1/trust?profile=ai-disclosure", ("file", "g.jpg", File.ReadAllBytes(Signed)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await AssertEmptySoonAsync(host.UploadFolder);
    }

    [Fact]
    public async Task The_upload_folder_goes_at_shutdown()
    {
        string folder;
        await using (var host = await ServerHost.StartAsync(Transport.TestHost))
        {
            folder = host.UploadFolder;
            Assert.True(Directory.Exists(folder));
        }

        Assert.False(Directory.Exists(folder));
    }

    /// <summary>The server deletes files when the request ends, which may be a moment after the client saw the answer.</summary>
    private static async Task AssertEmptySoonAsync(string folder)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Directory.GetFiles(folder).Length > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.Empty(Directory.GetFiles(folder));
    }
}
