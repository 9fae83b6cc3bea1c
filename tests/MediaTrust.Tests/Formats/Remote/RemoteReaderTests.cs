using System.Globalization;
using MediaTrust.Formats.Jpeg;
using MediaTrust.Testing;
using MediaTrust.Validation;

namespace MediaTrust.Formats.Remote;

/// <summary><see cref="Reader.ReadAsync"/> with a remote manifest reference (spec 2.2 §11.4), against a loopback server.</summary>
public sealed class RemoteReaderTests
{
    private static string Head(int status, long length) =>
        $"HTTP/1.1 {status} X\r\nContent-Type: application/c2pa\r\nContent-Length: {length.ToString(CultureInfo.InvariantCulture)}\r\nConnection: close\r\n\r\n";

    private static LoopbackServer Serve(byte[] store) => new(async (path, stream, token) =>
    {
        if (path == "/m.c2pa")
        {
            await LoopbackServer.Write(stream, Head(200, store.Length), store, token);
        }
        else
        {
            await LoopbackServer.Write(stream, Head(404, 0), null, token);
        }
    });

    /// <summary>A corpus JPEG with its XMP pointing at <paramref name="url"/>, and its own embedded store removed.</summary>
    private static byte[] JpegReferencing(string url)
    {
        var original = File.ReadAllBytes(SharedFolder.RequireCorpusFile("c2pa-rs/sdk/tests/fixtures/no_manifest.jpg"));
        using var output = new MemoryStream();
        JpegFormat.Instance.WriteRemoteReference(new MemoryStream(original), output, url);
        return output.ToArray();
    }

    private static ReaderOptions Options(bool allowNetwork) => new()
    {
        Validation = new ValidationOptions { ValidationTime = new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero) },
        RemoteFetch = new RemoteFetchOptions { AllowNetwork = allowNetwork, AllowLoopback = true, Timeout = TimeSpan.FromSeconds(10) },
    };

    [Trait("Category", "Corpus")]
    [Fact]
    public async Task Without_network_the_exception_names_the_url_and_nothing_is_fetched()
    {
        var store = File.ReadAllBytes(SharedFolder.RequireCorpusFile("c2pa-rs/sdk/tests/fixtures/cloud_manifest.c2pa"));
        await using var server = Serve(store);
        var url = server.Url("/m.c2pa");
        var asset = JpegReferencing(url);
        foreach (var options in new[] { Options(allowNetwork: false), new ReaderOptions() })
        {
            var e = await Assert.ThrowsAsync<NoManifestException>(() => Reader.ReadAsync(new MemoryStream(asset), options, TestContext.Current.CancellationToken));
            Assert.Equal(url, e.RemoteManifestUrl);
            Assert.Null(e.StatusCode);
            Assert.Contains(url, e.Message, StringComparison.Ordinal);
        }

        Assert.Equal(0, server.Requests);
    }

    [Trait("Category", "Corpus")]
    [Fact]
    public async Task With_network_the_fetched_store_is_validated_against_the_asset()
    {
        var store = File.ReadAllBytes(SharedFolder.RequireCorpusFile("c2pa-rs/sdk/tests/fixtures/cloud_manifest.c2pa"));
        await using var server = Serve(store);
        var asset = JpegReferencing(server.Url("/m.c2pa"));
        var reader = await Reader.ReadAsync(new MemoryStream(asset), Options(allowNetwork: true), TestContext.Current.CancellationToken);
        Assert.Equal(1, server.Requests);
        Assert.Equal(2, reader.Manifests.Count);
        Assert.Equal(0, reader.EmbeddedStoreCount);
        Assert.Equal(ManifestSource.Remote, reader.Validation!.Axes.Source);

        // The store belongs to cloud.jpg, not to this asset: its data hash does not match these bytes.
        Assert.Contains(reader.Validation.Failures, f => f.Code == "assertion.dataHash.mismatch");
    }

    [Trait("Category", "Corpus")]
    [Fact]
    public async Task The_right_store_matches_the_asset_it_was_made_for()
    {
        // cloud.jpg names Adobe's server; validate it offline against the same store served from disk (c2pa-rs test_reader_remote_url_async).
        await using var asset = File.OpenRead(SharedFolder.RequireCorpusFile("c2pa-rs/sdk/tests/fixtures/cloud.jpg"));
        var store = File.ReadAllBytes(SharedFolder.RequireCorpusFile("c2pa-rs/sdk/tests/fixtures/cloud_manifest.c2pa"));
        var reader = await Reader.ReadWithManifestAsync(asset, store, Options(false), ManifestSource.Remote, TestContext.Current.CancellationToken);
        Assert.Contains(reader.Validation!.Results.ActiveManifest.Success, f => f.Code == "assertion.dataHash.match");
    }

    [Fact]
    public async Task An_unreachable_store_is_manifest_inaccessible()
    {
        await using var server = Serve([]);
        var url = server.Url("/missing.c2pa");
        var e = await Assert.ThrowsAsync<NoManifestException>(
            () => Reader.ReadAsync(new MemoryStream(JpegReferencing(url)), Options(allowNetwork: true), TestContext.Current.CancellationToken));
        Assert.Equal("manifest.inaccessible", e.StatusCode);
        Assert.Equal(url, e.RemoteManifestUrl);
        Assert.Contains("404", e.Message, StringComparison.Ordinal);
    }
}
