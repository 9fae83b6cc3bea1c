using System.Globalization;
using System.Text;
using MediaTrust.Formats.Common;

namespace MediaTrust.Formats.Remote;

public sealed class RemoteManifestFetcherTests
{
    private static readonly RemoteFetchOptions Allowed = new() { AllowNetwork = true, AllowLoopback = true, Timeout = TimeSpan.FromSeconds(10) };
    private static readonly byte[] Store = OpaqueStores.Create(3000);

    private static string Head(int status, string type, long? length, string extra = "") =>
        $"HTTP/1.1 {status} X\r\nContent-Type: {type}\r\n" + (length is null ? string.Empty : $"Content-Length: {length.Value.ToString(CultureInfo.InvariantCulture)}\r\n") + extra + "Connection: close\r\n\r\n";

    private static LoopbackServer Serve() => new(async (path, stream, token) =>
    {
        switch (path)
        {
            case "/store.c2pa":
                await LoopbackServer.Write(stream, Head(200, "application/c2pa", Store.Length), Store, token);
                break;
            case "/octet":
                await LoopbackServer.Write(stream, Head(200, "application/octet-stream", Store.Length), Store, token);
                break;
            case "/html":
                var html = Encoding.ASCII.GetBytes("<html><body>Sign in</body></html>");
                await LoopbackServer.Write(stream, Head(200, "text/html", html.Length), html, token);
                break;
            case "/big-declared":
                await LoopbackServer.Write(stream, Head(200, "application/c2pa", 40L * 1024 * 1024), Store, token);
                break;
            case "/big-chunked":
                await LoopbackServer.Write(stream, Head(200, "application/c2pa", null, "Transfer-Encoding: chunked\r\n"), null, token);
                var chunk = new byte[4096];
                for (var i = 0; i < 64 && !token.IsCancellationRequested; i++)
                {
                    await LoopbackServer.Write(stream, "1000\r\n", [.. chunk, .. "\r\n"u8.ToArray()], token);
                }

                await LoopbackServer.Write(stream, "0\r\n\r\n", null, token);
                break;
            case "/slow":
                await LoopbackServer.Write(stream, Head(200, "application/c2pa", Store.Length), Store.AsSpan(0, 100).ToArray(), token);
                await Task.Delay(TimeSpan.FromSeconds(20), token);
                break;
            case "/to-file":
                await LoopbackServer.Write(stream, Head(302, "text/plain", 0, "Location: file:///etc/passwd\r\n"), null, token);
                break;
            case "/to-store":
                await LoopbackServer.Write(stream, Head(301, "text/plain", 0, "Location: /store.c2pa\r\n"), null, token);
                break;
            default:
                await LoopbackServer.Write(stream, Head(404, "text/plain", 9), "not found"u8.ToArray(), token);
                break;
        }
    });

    [Fact]
    public async Task Network_access_is_off_by_default()
    {
        await using var server = Serve();
        var result = await RemoteManifestFetcher.FetchAsync(server.Url("/store.c2pa"), new RemoteFetchOptions());
        Assert.False(result.Succeeded);
        Assert.Equal("manifest.inaccessible", result.StatusCode);
        Assert.Contains("not allowed", result.Reason, StringComparison.Ordinal);
        Assert.Equal(0, server.Requests);
    }

    [Fact]
    public async Task A_loopback_host_is_refused_unless_allowed()
    {
        await using var server = Serve();
        var result = await RemoteManifestFetcher.FetchAsync(server.Url("/store.c2pa"), new RemoteFetchOptions { AllowNetwork = true, Timeout = TimeSpan.FromSeconds(10) });
        Assert.False(result.Succeeded);
        Assert.Equal("manifest.inaccessible", result.StatusCode);
        Assert.Contains("no public address", result.Reason, StringComparison.Ordinal);
        Assert.Equal(0, server.Requests);
    }

    [Fact]
    public async Task Fetches_the_store()
    {
        await using var server = Serve();
        var result = await RemoteManifestFetcher.FetchAsync(server.Url("/store.c2pa"), Allowed);
        Assert.True(result.Succeeded, result.Reason);
        Assert.Equal(OpaqueStores.Hex(Store), OpaqueStores.Hex(result.Store));
        Assert.Equal(200, result.HttpStatus);
    }

    [Fact]
    public async Task Not_found_is_inaccessible_with_the_status()
    {
        await using var server = Serve();
        var result = await RemoteManifestFetcher.FetchAsync(server.Url("/missing.c2pa"), Allowed);
        Assert.Equal("manifest.inaccessible", result.StatusCode);
        Assert.Equal(404, result.HttpStatus);
        Assert.Null(result.Store);
    }

    [Fact]
    public async Task Declared_length_over_the_limit_fails_before_the_body()
    {
        await using var server = Serve();
        var result = await RemoteManifestFetcher.FetchAsync(server.Url("/big-declared"), Allowed);
        Assert.Contains("Content-Length", result.Reason, StringComparison.Ordinal);
        Assert.Equal("manifest.inaccessible", result.StatusCode);
    }

    [Fact]
    public async Task Chunked_body_over_the_limit_fails()
    {
        await using var server = Serve();
        var result = await RemoteManifestFetcher.FetchAsync(server.Url("/big-chunked"), new RemoteFetchOptions { AllowNetwork = true, AllowLoopback = true, MaxBytes = 100_000 });
        Assert.Contains("exceeds the limit", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Slow_server_times_out()
    {
        await using var server = Serve();
        // The server answers after 20 s; the 300 ms limit must be what ends the fetch.
        var result = await RemoteManifestFetcher.FetchAsync(server.Url("/slow"), new RemoteFetchOptions { AllowNetwork = true, AllowLoopback = true, Timeout = TimeSpan.FromMilliseconds(300) })
            .WaitAsync(TimeSpan.FromSeconds(15), TestContext.Current.CancellationToken);
        Assert.Contains("within", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Other_content_types_are_accepted_when_the_body_is_jumbf()
    {
        await using var server = Serve();
        Assert.True((await RemoteManifestFetcher.FetchAsync(server.Url("/octet"), Allowed)).Succeeded);
        var html = await RemoteManifestFetcher.FetchAsync(server.Url("/html"), Allowed);
        Assert.Contains("text/html", html.Reason, StringComparison.Ordinal);
        Assert.Equal("manifest.inaccessible", html.StatusCode);
    }

    [Fact]
    public async Task Redirects_stay_within_http()
    {
        await using var server = Serve();
        Assert.True((await RemoteManifestFetcher.FetchAsync(server.Url("/to-store"), Allowed)).Succeeded);
        var toFile = await RemoteManifestFetcher.FetchAsync(server.Url("/to-file"), Allowed);
        Assert.Contains("refused", toFile.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://127.0.0.1/m.c2pa")]
    [InlineData("not a url")]
    public async Task Only_http_urls_are_fetched(string url) =>
        Assert.Contains("not an http", (await RemoteManifestFetcher.FetchAsync(url, Allowed)).Reason, StringComparison.Ordinal);
}
