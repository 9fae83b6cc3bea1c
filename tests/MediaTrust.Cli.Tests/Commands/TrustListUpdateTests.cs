using System.Net;
using System.Net.Sockets;
using System.Text;
using MediaTrust.Cli.Trust;
using MediaTrust.Formats.Remote;

namespace MediaTrust.Cli.Commands;

/// <summary><c>trust-list update</c> against a real HTTP server on 127.0.0.1 (docs/cli.md, "trust-list update").</summary>
[Collection(nameof(ConfigDirectoryCollection))]
public sealed class TrustListUpdateTests : IDisposable
{
    private readonly OfficialListsFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    /// <summary>A server answering each list file with the given body (404 for a file not in the map).</summary>
    private static LoopbackServer Serve(Dictionary<string, byte[]> files) => new(async (path, stream, token) =>
    {
        var name = path[(path.LastIndexOf('/') + 1)..];
        if (files.TryGetValue(name, out var body))
        {
            await LoopbackServer.Write(stream, $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n", body, token);
        }
        else
        {
            await LoopbackServer.Write(stream, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", null, token);
        }
    });

    private static Dictionary<string, byte[]> ValidLists() => new()
    {
        ["C2PA-TRUST-LIST.json"] = OfficialListsFixture.SignerList(),
        ["C2PA-TSA-TRUST-LIST.json"] = OfficialListsFixture.TimeStampList(),
    };

    private static Task<(int ExitCode, string Output, string Error)> UpdateAsync(LoopbackServer server) =>
        CliRunner.RunAsync("trust-list", "update", "--from", server.Url("/trust-list/"), "--allow-loopback-http");

    [Fact]
    public async Task A_downloaded_list_newer_than_the_bundled_one_is_used_afterwards()
    {
        var photo = await _fixture.SignedPhotoAsync();
        var (before, _, _) = await CliRunner.RunAsync("verify", photo, "--at", OfficialListsFixture.At);
        await using var server = Serve(ValidLists());

        var (code, output, error) = await UpdateAsync(server);
        var (_, shown, _) = await CliRunner.RunAsync("trust-list", "show");
        var (after, verdict, _) = await CliRunner.RunAsync("verify", photo, "--at", OfficialListsFixture.At);

        Assert.Equal(ExitCodes.Invalid, before); // the bundled lists know neither signer nor TSA: checked at "now", the certificate has expired
        Assert.True(code == ExitCodes.Ok, error);
        Assert.Contains("C2PA Trust List: " + server.Url("/trust-list/C2PA-TRUST-LIST.json") + ", issued 2026-09-01 #7, 1 certificates; now in use", output, StringComparison.Ordinal);
        Assert.Contains("C2PA TSA Trust List: ", output, StringComparison.Ordinal);
        Assert.Equal(2, server.Requests);
        Assert.Contains("C2PA Trust List: official, downloaded ", shown, StringComparison.Ordinal);
        Assert.Contains("newer than the bundled copy (issued 2026-08-05 #1), issued 2026-09-01 #7", shown, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, after);
        Assert.Contains("trust:       trusted: Pixel Test Entity, on the C2PA Trust List (issued 2026-09-01)", verdict, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("not json")]
    [InlineData("wrong list")]
    [InlineData("no list")]
    public async Task A_corrupt_download_is_an_error_and_leaves_the_lists_in_use_untouched(string damage)
    {
        var photo = await _fixture.SignedPhotoAsync();
        _fixture.InstallOfficialLists();
        var signerPath = Path.Combine(_fixture.OfficialDirectory, "C2PA-TRUST-LIST.json");
        var tsaPath = Path.Combine(_fixture.OfficialDirectory, "C2PA-TSA-TRUST-LIST.json");
        var installed = (await File.ReadAllBytesAsync(signerPath, TestContext.Current.CancellationToken), await File.ReadAllBytesAsync(tsaPath, TestContext.Current.CancellationToken));
        var newer = OfficialListsFixture.TimeStampList(new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero));
        var files = new Dictionary<string, byte[]>
        {
            // The signer list is fine: it must not be stored either, since the other one fails.
            ["C2PA-TRUST-LIST.json"] = OfficialListsFixture.SignerList(new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero)),
        };
        switch (damage)
        {
            case "truncated": files["C2PA-TSA-TRUST-LIST.json"] = newer[..(newer.Length / 2)]; break;
            case "not json": files["C2PA-TSA-TRUST-LIST.json"] = "<html>rate limited</html>"u8.ToArray(); break;
            case "wrong list": files["C2PA-TSA-TRUST-LIST.json"] = OfficialListsFixture.SignerList(); break;
            default: break; // neither JSON nor PEM published: 404 twice
        }

        await using var server = Serve(files);

        var (code, output, error) = await UpdateAsync(server);
        var (after, verdict, _) = await CliRunner.RunAsync("verify", photo, "--at", OfficialListsFixture.At);

        Assert.Equal(ExitCodes.Error, code);
        Assert.Contains("error: trust-list update failed: C2PA TSA Trust List: ", error, StringComparison.Ordinal);
        Assert.Contains("the lists in use are unchanged", error, StringComparison.Ordinal);
        Assert.DoesNotContain("now in use", output, StringComparison.Ordinal);
        Assert.Equal(installed.Item1, await File.ReadAllBytesAsync(signerPath, TestContext.Current.CancellationToken));
        Assert.Equal(installed.Item2, await File.ReadAllBytesAsync(tsaPath, TestContext.Current.CancellationToken));
        Assert.False(Directory.Exists(Path.Combine(_fixture.OfficialDirectory, "previous")) && Directory.EnumerateFiles(Path.Combine(_fixture.OfficialDirectory, "previous")).Any());
        Assert.Empty(Directory.EnumerateFiles(_fixture.OfficialDirectory, "*.download"));
        Assert.Equal(ExitCodes.Ok, after);
        Assert.Contains("on the C2PA Trust List (issued 2026-09-01)", verdict, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_update_keeps_the_previous_copy_and_a_list_no_newer_than_the_bundled_one_is_not_used()
    {
        _fixture.InstallOfficialLists();
        var older = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await using var server = Serve(new()
        {
            ["C2PA-TRUST-LIST.json"] = OfficialListsFixture.SignerList(older),
            ["C2PA-TSA-TRUST-LIST.json"] = OfficialListsFixture.TimeStampList(older),
        });

        var (code, output, error) = await UpdateAsync(server);
        var (_, shown, _) = await CliRunner.RunAsync("trust-list", "show");

        Assert.True(code == ExitCodes.Ok, error);
        Assert.Contains("issued 2026-01-01 #7, 1 certificates; not newer than the bundled copy (issued 2026-08-05 #1), which stays in use", output, StringComparison.Ordinal);
        Assert.Equal(OfficialListsFixture.SignerList(), await File.ReadAllBytesAsync(Path.Combine(_fixture.OfficialDirectory, "previous", "C2PA-TRUST-LIST.json"), TestContext.Current.CancellationToken));
        Assert.Contains("C2PA Trust List: official, bundled, issued 2026-08-05 #1", shown, StringComparison.Ordinal);
        Assert.Contains("a downloaded copy (issued 2026-01-01 #7,", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_pem_list_is_fetched_when_no_json_list_is_published()
    {
        var pem = Encoding.ASCII.GetBytes(OfficialListsFixture.Pki.Root.CertificatePem);
        await using var server = Serve(new() { ["C2PA-TRUST-LIST.pem"] = pem, ["C2PA-TSA-TRUST-LIST.pem"] = pem });

        var (code, output, error) = await UpdateAsync(server);
        var (_, shown, _) = await CliRunner.RunAsync("trust-list", "show");

        Assert.True(code == ExitCodes.Ok, error);
        Assert.Contains("C2PA Trust List: " + server.Url("/trust-list/C2PA-TRUST-LIST.pem") + ", no issue date (PEM), 1 certificates; now in use", output, StringComparison.Ordinal);
        Assert.Equal(4, server.Requests);
        Assert.True(File.Exists(Path.Combine(_fixture.OfficialDirectory, "C2PA-TSA-TRUST-LIST.pem")));
        Assert.Contains("C2PA TSA Trust List: official, downloaded ", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plain_http_is_refused_unless_allowed_and_then_only_to_loopback()
    {
        await using var server = Serve(ValidLists());

        var (code, _, error) = await CliRunner.RunAsync("trust-list", "update", "--from", server.Url("/trust-list/"));
        var (remote, _, remoteError) = await CliRunner.RunAsync("trust-list", "update", "--from", "http://example.com/trust-list/", "--allow-loopback-http");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("plain http", error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, remote);
        Assert.Contains("plain http", remoteError, StringComparison.Ordinal);
        Assert.Equal(0, server.Requests);
        Assert.False(Directory.Exists(_fixture.OfficialDirectory));
    }

    [Fact]
    public async Task A_list_larger_than_the_limit_is_refused_before_its_body_is_read()
    {
        await using var server = new LoopbackServer((_, stream, token) =>
            LoopbackServer.Write(stream, "HTTP/1.1 200 OK\r\nContent-Length: 1000000000\r\nConnection: close\r\n\r\n", null, token));

        var (code, _, error) = await UpdateAsync(server);

        Assert.Equal(ExitCodes.Error, code);
        Assert.Contains("Content-Length 1000000000 exceeds the limit", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_fixture.OfficialDirectory));
    }

    [Theory]
    [InlineData("8.8.8.8", true)]
    [InlineData("2606:4700::1111", true)]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.1.2.3", false)]
    [InlineData("172.20.0.1", false)]
    [InlineData("192.168.1.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fd00::1", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    [InlineData("ff02::1", false)]
    public void Only_public_addresses_are_contacted(string address, bool isPublic) =>
        Assert.Equal(isPublic, MediaTrust.IO.GuardedHttp.IsPublic(IPAddress.Parse(address)));

    [Fact]
    public async Task A_name_resolving_to_loopback_is_refused_without_the_option()
    {
        // "localhost" over https: the address check at connect time refuses it before any byte is sent.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var download = await TrustListDownloader.DownloadAsync(new Uri($"https://localhost:{port}/C2PA-TRUST-LIST.json"), new TrustListDownloadOptions(), TestContext.Current.CancellationToken);

            Assert.Null(download.Content);
            Assert.Contains("no public address", download.Failure, StringComparison.Ordinal);
            Assert.False(listener.Pending());
        }
        finally
        {
            listener.Stop();
        }
    }
}
