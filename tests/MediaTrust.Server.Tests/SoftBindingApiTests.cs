using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using MediaTrust.Repository;
using MediaTrust.Server.SoftBinding;
using MediaTrust.SoftBinding;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace MediaTrust.Server;

/// <summary>
/// The Soft Binding Resolution API through real HTTP (Kestrel on loopback for the round trip, the test host for the error
/// statuses), every route and every error status, against each backend (docs/soft-bindings.md, "Resolution API").
/// </summary>
public abstract class SoftBindingApiTests
{
    internal const string Reader = "reader-token";
    internal const string Writer = "writer-token";
    internal const string Binder = "binder-token";
    internal const string Base = SoftBindingEndpoints.BasePath;

    private protected abstract Task<Dictionary<string, string?>> RepositorySettingsAsync();

    [Fact]
    public async Task Every_route_answers_a_stored_manifest_over_kestrel()
    {
        await using var host = await StartAsync(Transport.Kestrel);
        var (asset, store) = await Stores.SignedAsync(31);
        var (_, other) = await Stores.SignedAsync(32);
        var ct = TestContext.Current.CancellationToken;

        using var stored = await SendAsync(host, HttpMethod.Post, "/manifests?returnReceipt=true", Writer, Bytes(store, "application/c2pa"));
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        var created = await ServerHost.JsonAsync(stored);
        var id = created["manifestId"]!.GetValue<string>();
        Assert.Equal(SoftBindingValues.ActiveManifestLabel(store), id);
        var receipt = created["receipt"]!.AsObject();
        Assert.Equal("org.c2pa.manifest-receipt", receipt["@type"]!.GetValue<string>());
        Assert.Equal(id, receipt["repository"]!["manifestId"]!.GetValue<string>());

        using var storedOther = await SendAsync(host, HttpMethod.Post, "/manifests", Writer, Bytes(other, "application/c2pa"));
        var otherId = (await ServerHost.JsonAsync(storedOther))["manifestId"]!.GetValue<string>();
        Assert.Null((await ServerHost.JsonAsync(storedOther))["receipt"]);

        // By binding: the store's own PDQ value, in the URL and in a body.
        var pdq = SoftBindingValues.FromStore(store).First(b => b.Algorithm == ImageFingerprints.PdqAlgorithm).Value;
        using var byUrl = await SendAsync(host, HttpMethod.Get, $"/matches/byBinding?alg={ImageFingerprints.PdqAlgorithm}&value={Uri.EscapeDataString(Convert.ToBase64String(pdq))}", Reader);
        Assert.Equal(HttpStatusCode.OK, byUrl.StatusCode);
        var top = (await ServerHost.JsonAsync(byUrl))["matches"]!.AsArray()[0]!;
        Assert.Equal(id, top["manifestId"]!.GetValue<string>());
        Assert.Equal(100, top["similarityScore"]!.GetValue<int>());
        using var byBody = await SendAsync(host, HttpMethod.Post, "/matches/byBinding?maxResults=1", Reader,
            JsonBody(new JsonObject { ["alg"] = ImageFingerprints.PdqAlgorithm, ["value"] = Convert.ToBase64String(pdq) }));
        Assert.Equal(id, (await ServerHost.JsonAsync(byBody))["matches"]!.AsArray().Single()!["manifestId"]!.GetValue<string>());

        // By content: the server fingerprints a re-encoded copy and finds the manifest first.
        using var byContent = await SendAsync(host, HttpMethod.Post, "/matches/byContent", Reader, Bytes(ReEncoded(asset), "image/jpeg"));
        Assert.Equal(HttpStatusCode.OK, byContent.StatusCode);
        Assert.Equal(id, (await ServerHost.JsonAsync(byContent))["matches"]!.AsArray()[0]!["manifestId"]!.GetValue<string>());

        // Fetch: the whole store, and the active manifest alone.
        using var whole = await SendAsync(host, HttpMethod.Get, $"/manifests/{Uri.EscapeDataString(id)}", Reader);
        Assert.Equal("application/c2pa", whole.Content.Headers.ContentType!.MediaType);
        Assert.Equal(store, await whole.Content.ReadAsByteArrayAsync(ct));
        using var active = await SendAsync(host, HttpMethod.Get, $"/manifests/{Uri.EscapeDataString(id)}?returnActiveManifest=true", Reader);
        var activeStore = await active.Content.ReadAsByteArrayAsync(ct);
        Assert.Equal(id, SoftBindingValues.ActiveManifestLabel(activeStore));
        Assert.All(SoftBindingValues.FromStore(activeStore), b => Assert.Equal(id, b.ManifestLabel));

        // Receipts: the one returned at ingestion verifies; a changed one does not; the repository issues a fresh one.
        using var verified = await SendAsync(host, HttpMethod.Post, $"/manifests/{Uri.EscapeDataString(id)}/receipts", Reader, JsonBody(receipt));
        Assert.True((await ServerHost.JsonAsync(verified))["verified"]!.GetValue<bool>());
        var forged = receipt.DeepClone().AsObject();
        forged["anchor"]!["proof"]!["issued"] = "2020-01-01T00:00:00Z";
        using var refused = await SendAsync(host, HttpMethod.Post, $"/manifests/{Uri.EscapeDataString(id)}/receipts", Reader, JsonBody(forged));
        var refusal = await ServerHost.JsonAsync(refused);
        Assert.False(refusal["verified"]!.GetValue<bool>());
        Assert.Contains("signature", refusal["error"]!.GetValue<string>(), StringComparison.Ordinal);
        using var elsewhere = await SendAsync(host, HttpMethod.Post, $"/manifests/{Uri.EscapeDataString(otherId)}/receipts", Reader, JsonBody(receipt));
        Assert.False((await ServerHost.JsonAsync(elsewhere))["verified"]!.GetValue<bool>());
        using var fresh = await SendAsync(host, HttpMethod.Get, $"/manifests/{Uri.EscapeDataString(id)}/receipts", Reader);
        Assert.True((await ServerHost.JsonAsync(fresh))["verified"]!.GetValue<bool>());

        // Bindings: a watermark payload bound to the first manifest, then moved to the second.
        var watermark = new byte[] { 0xa1, 0xb2, 0xc3, 0xd4, 0x05 };
        var wmQuery = $"/matches/byBinding?alg=com.example.watermark.1&value={Uri.EscapeDataString(Convert.ToBase64String(watermark))}";
        using (var bound = await SendAsync(host, HttpMethod.Post, "/bindings", Binder,
            JsonBody(new JsonObject { ["alg"] = "com.example.watermark.1", ["bindingValue"] = Convert.ToBase64String(watermark), ["manifestId"] = id })))
        {
            Assert.Equal(HttpStatusCode.NoContent, bound.StatusCode);
        }

        using (var found = await SendAsync(host, HttpMethod.Get, wmQuery, Reader))
        {
            Assert.Equal(id, (await ServerHost.JsonAsync(found))["matches"]!.AsArray().Single()!["manifestId"]!.GetValue<string>());
        }

        using (var moved = await SendAsync(host, HttpMethod.Put, "/bindings", Binder,
            JsonBody(new JsonObject { ["bindingValue"] = Convert.ToBase64String(watermark), ["manifestId"] = otherId })))
        {
            Assert.Equal(HttpStatusCode.NoContent, moved.StatusCode);
        }

        using (var found = await SendAsync(host, HttpMethod.Get, wmQuery, Reader))
        {
            Assert.Equal(otherId, (await ServerHost.JsonAsync(found))["matches"]!.AsArray().Single()!["manifestId"]!.GetValue<string>());
        }

        using var algorithms = await SendAsync(host, HttpMethod.Get, "/services/supportedAlgorithms", token: null);
        var fingerprints = (await ServerHost.JsonAsync(algorithms))["fingerprints"]!.AsArray().Select(a => a!["alg"]!.GetValue<string>());
        Assert.Equal(new[] { ImageFingerprints.IsccAlgorithm, ImageFingerprints.PdqAlgorithm }, fingerprints);

        using var deleted = await SendAsync(host, HttpMethod.Delete, $"/manifests/{Uri.EscapeDataString(id)}", Writer);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var gone = await SendAsync(host, HttpMethod.Get, $"/manifests/{Uri.EscapeDataString(id)}", Reader);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        using var again = await SendAsync(host, HttpMethod.Delete, $"/manifests/{Uri.EscapeDataString(id)}", Writer);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task The_client_queries_and_stores_through_the_api()
    {
        await using var host = await StartAsync(Transport.Kestrel);
        var (asset, store) = await Stores.SignedAsync(33);
        var url = new Uri(host.BaseAddress, Base);
        await using var writer = new SoftBindingResolutionClient(url, Writer);
        await using var reader = new SoftBindingResolutionClient(url, Reader);
        var ct = TestContext.Current.CancellationToken;

        var stored = await writer.StoreAsync(store, ct);
        var byContent = await reader.FindByContentAsync(ReEncoded(asset), "image/jpeg", cancellationToken: ct);
        Assert.Equal(stored.ManifestId, byContent[0].ManifestId);
        var iscc = stored.Bindings.First(b => b.Algorithm == ImageFingerprints.IsccAlgorithm);
        Assert.Equal(stored.ManifestId, (await reader.FindAsync(iscc.Algorithm, iscc.Value, cancellationToken: ct))[0].ManifestId);
        Assert.Equal(store, await reader.GetStoreAsync(stored.ManifestId, ct));
        Assert.Null(await reader.GetStoreAsync("urn:c2pa:00000000-0000-0000-0000-000000000000", ct));

        // Recovery searches the remote repository as it does a local one.
        var found = await ManifestRecovery.RecoverAsync(new MemoryStream(ReEncoded(asset)), [reader], new RecoveryOptions { Validation = Stores.TrustingNobody }, ct);
        Assert.True(found[0].SoftBindingsMatched);
        Assert.Equal(stored.ManifestId, found[0].ManifestId);

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => reader.StoreAsync(store, ct));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.True(await writer.DeleteAsync(stored.ManifestId, ct));
        Assert.False(await writer.DeleteAsync(stored.ManifestId, ct));
    }

    [Fact]
    public async Task Each_error_status_is_a_problem_document()
    {
        await using var host = await StartAsync(Transport.TestHost, new() { [$"{SoftBindingOptions.Section}:MaxStoreBytes"] = "200000", [$"{SoftBindingOptions.Section}:MaxContentBytes"] = "300000" });
        var (_, store) = await Stores.SignedAsync(34);
        using (var ok = await SendAsync(host, HttpMethod.Post, "/manifests", Writer, Bytes(store, "application/c2pa")))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        var id = Uri.EscapeDataString(SoftBindingValues.ActiveManifestLabel(store)!);
        var unknown = Uri.EscapeDataString("urn:c2pa:00000000-0000-0000-0000-000000000000");
        var value = Convert.ToBase64String([1, 2, 3]);
        (HttpMethod, string, string?, HttpContent?, HttpStatusCode, string?)[] cases =
        [
            (HttpMethod.Get, "/matches/byBinding?alg=x", Reader, null, HttpStatusCode.BadRequest, null),
            (HttpMethod.Get, "/matches/byBinding?alg=x&value=***", Reader, null, HttpStatusCode.BadRequest, null),
            (HttpMethod.Get, $"/matches/byBinding?alg=x&value={value}&maxResults=0", Reader, null, HttpStatusCode.BadRequest, null),
            (HttpMethod.Get, $"/matches/byBinding?alg=x&value={new string('A', 5000)}", Reader, null, HttpStatusCode.RequestUriTooLong, "query.tooLong"),
            (HttpMethod.Post, "/matches/byBinding", Reader, new StringContent("{not json"), HttpStatusCode.BadRequest, null),
            (HttpMethod.Post, "/matches/byContent?alg=com.example.other", Reader, Bytes(Stores.Photo(1), "image/jpeg"), HttpStatusCode.BadRequest, null),
            (HttpMethod.Post, "/matches/byContent", Reader, Bytes([1, 2, 3], "audio/mpeg"), HttpStatusCode.UnsupportedMediaType, "format.unsupported"),
            (HttpMethod.Post, "/matches/byContent", Reader, Bytes(Encoding.ASCII.GetBytes("not an image at all"), "application/octet-stream"), HttpStatusCode.UnsupportedMediaType, null),
            (HttpMethod.Post, "/matches/byContent", Reader, Bytes(new byte[300001], "image/jpeg"), HttpStatusCode.RequestEntityTooLarge, "upload.tooLarge"),
            (HttpMethod.Post, "/matches/byReference", Reader, JsonBody(new JsonObject { ["referenceUrl"] = "https://example.org/a.jpg", ["assetLength"] = 10 }),
                HttpStatusCode.NotImplemented, "softBinding.byReferenceOff"),
            (HttpMethod.Post, "/manifests", Writer, Bytes([0, 0, 0, 8, 0x6a, 0x75, 0x6d, 0x62], "application/c2pa"), HttpStatusCode.BadRequest, "softBinding.rejected"),
            (HttpMethod.Post, "/manifests", Writer, Bytes(store, "text/plain"), HttpStatusCode.UnsupportedMediaType, null),
            (HttpMethod.Post, "/manifests", Writer, Bytes(new byte[200001], "application/c2pa"), HttpStatusCode.RequestEntityTooLarge, "upload.tooLarge"),
            (HttpMethod.Post, "/manifests?returnReceipt=maybe", Writer, Bytes(store, "application/c2pa"), HttpStatusCode.BadRequest, null),
            (HttpMethod.Post, "/manifests", null, Bytes(store, "application/c2pa"), HttpStatusCode.Unauthorized, "auth.required"),
            (HttpMethod.Post, "/manifests", "wrong-token", Bytes(store, "application/c2pa"), HttpStatusCode.Unauthorized, "auth.invalidToken"),
            (HttpMethod.Post, "/manifests", Reader, Bytes(store, "application/c2pa"), HttpStatusCode.Forbidden, "auth.insufficientScope"),
            (HttpMethod.Get, $"/manifests/{unknown}", Reader, null, HttpStatusCode.NotFound, "softBinding.notFound"),
            (HttpMethod.Get, $"/manifests/{id}?returnActiveManifest=yes", Reader, null, HttpStatusCode.BadRequest, null),
            (HttpMethod.Get, $"/manifests/{id}", null, null, HttpStatusCode.Unauthorized, "auth.required"),
            (HttpMethod.Delete, $"/manifests/{unknown}", Writer, null, HttpStatusCode.NotFound, "softBinding.notFound"),
            (HttpMethod.Delete, $"/manifests/{id}", Binder, null, HttpStatusCode.Forbidden, "auth.insufficientScope"),
            (HttpMethod.Get, $"/manifests/{unknown}/receipts", Reader, null, HttpStatusCode.NotFound, "softBinding.notFound"),
            (HttpMethod.Post, $"/manifests/{id}/receipts", Reader, new StringContent("[1]"), HttpStatusCode.BadRequest, null),
            (HttpMethod.Post, $"/manifests/{unknown}/receipts", Reader, JsonBody(new JsonObject { ["@type"] = "org.c2pa.manifest-receipt" }), HttpStatusCode.NotFound, null),
            (HttpMethod.Post, "/bindings", Binder, JsonBody(new JsonObject { ["bindingValue"] = value, ["manifestId"] = "urn:x" }), HttpStatusCode.BadRequest, null),
            (HttpMethod.Post, "/bindings", Binder, JsonBody(new JsonObject { ["alg"] = "x", ["bindingValue"] = value, ["manifestId"] = "urn:x" }), HttpStatusCode.NotFound, null),
            (HttpMethod.Post, "/bindings", Reader, JsonBody(new JsonObject { ["alg"] = "x", ["bindingValue"] = value, ["manifestId"] = "urn:x" }), HttpStatusCode.Forbidden, null),
            (HttpMethod.Put, "/bindings", Binder, JsonBody(new JsonObject { ["alg"] = "x", ["bindingValue"] = value }), HttpStatusCode.BadRequest, null),
            (HttpMethod.Put, "/bindings", Binder, JsonBody(new JsonObject { ["alg"] = "x", ["bindingValue"] = value, ["manifestId"] = Uri.UnescapeDataString(id) }), HttpStatusCode.NotFound, null),
            (HttpMethod.Put, "/bindings", null, JsonBody(new JsonObject { ["alg"] = "x", ["bindingValue"] = value, ["manifestId"] = "urn:x" }), HttpStatusCode.Unauthorized, null),
        ];
        foreach (var (method, path, token, content, status, code) in cases)
        {
            using var response = await SendAsync(host, method, path, token, content);
            Assert.True(status == response.StatusCode, $"{method} {path}: expected {(int)status}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await ServerHost.JsonAsync(response);
            Assert.Equal((int)status, problem["status"]!.GetValue<int>());
            if (code is not null)
            {
                Assert.Equal(code, problem["code"]!.GetValue<string>());
            }

            if (status == HttpStatusCode.Unauthorized)
            {
                Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Reads_open_to_anonymous_clients_leave_writes_closed()
    {
        await using var host = await StartAsync(Transport.TestHost, new() { [$"{SoftBindingOptions.Section}:AnonymousRead"] = "true" });
        using var read = await SendAsync(host, HttpMethod.Get, $"/matches/byBinding?alg=x&value={Convert.ToBase64String([1, 2, 3])}", token: null);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Empty((await ServerHost.JsonAsync(read))["matches"]!.AsArray());

        // A wrong token is refused even where no token is needed: the client is told, not silently served.
        using var wrong = await SendAsync(host, HttpMethod.Get, $"/matches/byBinding?alg=x&value={Convert.ToBase64String([1, 2, 3])}", token: "wrong-token");
        await ApiTests.AssertProblemAsync(wrong, HttpStatusCode.Unauthorized, "auth.invalidToken");
        var (_, store) = await Stores.SignedAsync(35);
        using var write = await SendAsync(host, HttpMethod.Post, "/manifests", token: null, Bytes(store, "application/c2pa"));
        Assert.Equal(HttpStatusCode.Unauthorized, write.StatusCode);
    }

    [Fact]
    public async Task By_reference_fetches_only_https_from_public_addresses_within_the_size_cap()
    {
        await using var host = await StartAsync(Transport.TestHost, new()
        {
            [$"{SoftBindingOptions.Section}:EnableByReference"] = "true",
            [$"{SoftBindingOptions.Section}:MaxReferenceBytes"] = "1000000",
        });
        (string Url, long Length, HttpStatusCode Status, string Code)[] cases =
        [
            ("http://example.org/photo.jpg", 1000, HttpStatusCode.BadRequest, ""),
            ("https://127.0.0.1:9/photo.jpg", 1000, HttpStatusCode.BadRequest, "reference.unfetched"),
            ("https://[::1]:9/photo.jpg", 1000, HttpStatusCode.BadRequest, "reference.unfetched"),
            ("https://10.0.0.1:9/photo.jpg", 1000, HttpStatusCode.BadRequest, "reference.unfetched"),
            ("https://example.org/photo.jpg", 2_000_000, HttpStatusCode.RequestEntityTooLarge, "reference.tooLarge"),
        ];
        foreach (var (url, length, status, code) in cases)
        {
            using var response = await SendAsync(host, HttpMethod.Post, "/matches/byReference", Reader, JsonBody(new JsonObject { ["referenceUrl"] = url, ["assetLength"] = length }));
            Assert.True(status == response.StatusCode, $"{url}: {(int)response.StatusCode}");
            var problem = await ServerHost.JsonAsync(response);
            if (code.Length > 0)
            {
                Assert.Equal(code, problem["code"]!.GetValue<string>());
            }

            if (code == "reference.unfetched")
            {
                Assert.Contains("no public address", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
            }
        }
    }

    private protected async Task<ServerHost> StartAsync(Transport transport, Dictionary<string, string?>? extra = null)
    {
        var settings = await RepositorySettingsAsync();
        settings["MediaTrust:ValidationTime"] = Stores.Now.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (index, token, scopes) in new[] { (0, Reader, new[] { Scopes.FetchManifests }), (1, Writer, new[] { Scopes.FetchManifests, Scopes.StoreManifests }), (2, Binder, new[] { Scopes.StoreBindings }) })
        {
            settings[$"{SoftBindingOptions.Section}:Tokens:{index}:Sha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
            settings[$"{SoftBindingOptions.Section}:Tokens:{index}:Name"] = token;
            for (var i = 0; i < scopes.Length; i++)
            {
                settings[$"{SoftBindingOptions.Section}:Tokens:{index}:Scopes:{i}"] = scopes[i];
            }
        }

        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        return await ServerHost.StartAsync(transport, settings, trustDemoRoot: false);
    }

    internal static async Task<HttpResponseMessage> SendAsync(ServerHost host, HttpMethod method, string path, string? token, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, Base + path) { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await host.Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    internal static ByteArrayContent Bytes(byte[] bytes, string type)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return content;
    }

    private static StringContent JsonBody(JsonObject json) => new(json.ToJsonString(), Encoding.UTF8, "application/json");

    /// <summary>The photo decoded and saved again at JPEG quality 70: no credentials, other bytes, the same picture.</summary>
    private static byte[] ReEncoded(byte[] jpeg)
    {
        using var image = SixLabors.ImageSharp.Image.Load(jpeg);
        using var output = new MemoryStream();
        image.Save(output, new SixLabors.ImageSharp.Formats.Jpeg.JpegEncoder { Quality = 70 });
        return output.ToArray();
    }
}

/// <summary>The Resolution API on the embedded SQLite repository (the fast suite).</summary>
public sealed class SqliteSoftBindingApiTests : SoftBindingApiTests, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mediatrust-sbapi-").FullName;

    private protected override Task<Dictionary<string, string?>> RepositorySettingsAsync() =>
        Task.FromResult(new Dictionary<string, string?> { [$"{SoftBindingOptions.Section}:SqlitePath"] = Path.Combine(_directory, $"{Guid.NewGuid():N}.db") });

    [Fact]
    public async Task Without_a_repository_every_route_answers_501()
    {
        await using var host = await ServerHost.StartAsync(Transport.TestHost, trustDemoRoot: false,
            settings: new Dictionary<string, string?> { [$"{SoftBindingOptions.Section}:AnonymousRead"] = "true" });
        foreach (var (method, path) in SoftBindingDocumentTests.DocumentOperations())
        {
            var url = path.Replace("{manifestId}", "urn:x", StringComparison.Ordinal);
            using var response = await SendAsync(host, method, url + (url.Contains("byBinding", StringComparison.Ordinal) && method == HttpMethod.Get ? "?alg=x&value=AQID" : ""),
                Reader, method == HttpMethod.Get || method == HttpMethod.Delete ? null : new StringContent("{}", Encoding.UTF8, "application/json"));

            // Without tokens configured, the store routes refuse first (401); every other route says no repository is set up.
            Assert.True(response.StatusCode is HttpStatusCode.NotImplemented or HttpStatusCode.Unauthorized, $"{method} {path}: {(int)response.StatusCode}");
            if (response.StatusCode == HttpStatusCode.NotImplemented)
            {
                Assert.Equal("softBinding.notConfigured", (await ServerHost.JsonAsync(response))["code"]!.GetValue<string>());
            }
        }
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}

/// <summary>The Resolution API on PostgreSQL, one database per test on the server the run starts.</summary>
[Trait("Category", "Database")]
public sealed class PostgresSoftBindingApiTests(PostgresServer server) : SoftBindingApiTests, IClassFixture<PostgresServer>
{
    private protected override async Task<Dictionary<string, string?>> RepositorySettingsAsync()
    {
        server.Require();
        return new Dictionary<string, string?> { [$"{SoftBindingOptions.Section}:PostgresConnectionString"] = await server.CreateDatabaseAsync() };
    }
}

/// <summary>The server routes exactly the paths and methods of the Resolution API's OpenAPI document it serves.</summary>
public sealed class SoftBindingDocumentTests
{
    internal static IEnumerable<(HttpMethod Method, string Path)> DocumentOperations()
    {
        using var stream = typeof(SoftBindingEndpoints).Assembly.GetManifestResourceStream(SoftBindingEndpoints.DocumentResource)!;
        var document = JsonNode.Parse(stream)!.AsObject();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, _) in item!.AsObject())
            {
                yield return (new HttpMethod(method.ToUpperInvariant()), path);
            }
        }
    }

    [Fact]
    public async Task Every_operation_of_the_document_is_routed_and_nothing_else_under_the_base_path()
    {
        await using var host = await ServerHost.StartAsync(Transport.TestHost);
        var routed = host.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => ("/" + e.RoutePattern.RawText?.TrimStart('/')).StartsWith(SoftBindingEndpoints.BasePath + "/", StringComparison.Ordinal))
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods
                .Select(m => $"{m} {("/" + e.RoutePattern.RawText!.TrimStart('/'))[SoftBindingEndpoints.BasePath.Length..]}"))
            .Order(StringComparer.Ordinal).ToList();
        var documented = DocumentOperations().Select(o => $"{o.Method} {o.Path}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(12, documented.Count);
        Assert.Equal(documented, routed);
    }

    [Fact]
    public async Task The_document_is_served_with_this_servers_base_path()
    {
        await using var host = await ServerHost.StartAsync(Transport.TestHost);
        using var response = await host.Client.GetAsync(SoftBindingEndpoints.DocumentPath, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await ServerHost.JsonAsync(response);
        Assert.Equal(SoftBindingEndpoints.BasePath, document["servers"]![0]!["url"]!.GetValue<string>());
        Assert.NotNull(document["components"]!["securitySchemes"]!["auth"]!["flows"]!["clientCredentials"]!["scopes"]![Scopes.StoreBindings]);
    }
}
