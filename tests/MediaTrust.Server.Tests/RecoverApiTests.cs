using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using MediaTrust.Cose;
using MediaTrust.Repository;
using MediaTrust.Server.SoftBinding;
using MediaTrust.Signing;
using MediaTrust.Testing;

namespace MediaTrust.Server;

/// <summary>
/// A published photo and its stripped copy, as <c>mediatrust sign --soft-binding pdq,iscc --publish REPO</c> and a social
/// platform would leave them: the photo signed with soft bindings and a claim thumbnail, its store published to a SQLite
/// repository beside an unrelated photo's, then the signed file re-encoded by ImageSharp (no credentials, other bytes).
/// </summary>
internal sealed class PublishedPhoto : IDisposable
{
    /// <summary>The name the test PKI gives the signer (its certificate's CN is "… Claim Signer").</summary>
    public const string SignerName = "Recovery Photographer";

    private PublishedPhoto(string directory, string repository, string rootPem, string manifestId, byte[] stripped)
    {
        Directory = directory;
        RepositoryPath = repository;
        RootPem = rootPem;
        ManifestId = manifestId;
        Stripped = stripped;
    }

    public string Directory { get; }

    public string RepositoryPath { get; }

    /// <summary>The test PKI's root (PEM file): a trust anchor for the server.</summary>
    public string RootPem { get; }

    /// <summary>The published manifest's id (its active manifest label).</summary>
    public string ManifestId { get; }

    /// <summary>The signed photo re-encoded at JPEG quality 75: no credentials left.</summary>
    public byte[] Stripped { get; }

    /// <summary>The server's settings: the repository, its reads open to the page, the test PKI's root trusted, validation pinned.</summary>
    public Dictionary<string, string?> Settings(bool anonymousRead = true) => new()
    {
        [$"{SoftBindingOptions.Section}:SqlitePath"] = RepositoryPath,
        [$"{SoftBindingOptions.Section}:AnonymousRead"] = anonymousRead ? "true" : "false",
        ["MediaTrust:TrustAnchors:0"] = RootPem,
        ["MediaTrust:ValidationTime"] = Stores.Now.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
    };

    public static async Task<PublishedPhoto> CreateAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var directory = System.IO.Directory.CreateTempSubdirectory("mediatrust-recover-").FullName;
        var pki = TestPki.Create(SigningAlgorithm.ES256, new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), SignerName);
        var rootPem = Path.Combine(directory, "root.pem");
        await File.WriteAllTextAsync(rootPem, pki.Root.CertificatePem, ct);

        // Signed into the file, with a claim thumbnail (the builder's default) and both fingerprints.
        var definition = ManifestDefinition.FromJson("""
            { "claim_generator_info": [{ "name": "MediaTrust recovery test", "version": "2.0" }], "title": "harbour.jpg",
              "assertions": [ { "label": "c2pa.actions.v2", "data": { "actions": [ { "action": "c2pa.created" } ] } } ] }
            """);
        using var signer = pki.CreateClaimSigner();
        using var signed = new MemoryStream();
        await new ManifestBuilder(definition) { SoftBindings = ["pdq", "iscc"] }.SignAsync(new MemoryStream(Stores.Photo(4711)), signed, signer, ct);
        signed.Position = 0;
        var store = (await Reader.ReadAsync(signed, ReaderOptions.StoreOnly, ct)).ManifestStoreBytes.ToArray();

        var repository = Path.Combine(directory, "manifests.db");
        string id;
        await using (var repo = await SqliteManifestRepository.OpenAsync(repository, new RepositoryOptions { Validation = Stores.TrustingNobody }, ct))
        {
            id = (await repo.StoreAsync(store, ct)).ManifestId;
            await repo.StoreAsync((await Stores.SignedAsync(4712)).Store, ct);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return new PublishedPhoto(directory, repository, rootPem, id, ReEncode(signed.ToArray(), 75));
    }

    /// <summary>Decoded and saved again by ImageSharp: the C2PA store (APP11) does not survive.</summary>
    public static byte[] ReEncode(byte[] image, int quality)
    {
        using var decoded = SixLabors.ImageSharp.Image.Load(image);
        using var output = new MemoryStream();
        decoded.Save(output, new SixLabors.ImageSharp.Formats.Jpeg.JpegEncoder { Quality = quality });
        return output.ToArray();
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}

/// <summary><c>/api/v1/recover</c> through the real server (docs/server.md, "Recovering stripped credentials").</summary>
public sealed class RecoverApiTests
{
    public static TheoryData<Transport> Transports => [Transport.TestHost, Transport.Kestrel];

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A_stripped_copy_finds_its_published_manifest_first(Transport transport)
    {
        using var photo = await PublishedPhoto.CreateAsync();
        await using var host = await ServerHost.StartAsync(transport, photo.Settings(), trustDemoRoot: false);
        var ct = TestContext.Current.CancellationToken;

        using var offer = await host.Client.GetAsync("/api/v1/recover", ct);
        Assert.True((await ServerHost.JsonAsync(offer))["available"]!.GetValue<bool>());

        using var response = await host.PostMultipartAsync("/api/v1/recover", ("file", "harbour-shared.jpg", photo.Stripped));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await ServerHost.JsonAsync(response);
        Assert.False(json["embeddedCredentials"]!.GetValue<bool>());
        Assert.Equal("harbour-shared.jpg", json["file"]!["name"]!.GetValue<string>());
        Assert.Equal(1, json["recovered"]!.GetValue<int>());
        var matches = json["matches"]!.AsArray();
        Assert.InRange(matches.Count, 1, RecoverEndpoints.MaxMatches);
        var top = matches[0]!;
        Assert.Equal(photo.ManifestId, top["manifestId"]!.GetValue<string>());
        Assert.True(top["accepted"]!.GetValue<bool>());

        // The similarity is the repository's own score for this copy: the Resolution API's byContent query says the same.
        using var byContent = await host.Client.PostAsync($"{SoftBindingEndpoints.BasePath}/matches/byContent", Jpeg(photo.Stripped), ct);
        var resolved = (await ServerHost.JsonAsync(byContent))["matches"]!.AsArray().First(m => m!["manifestId"]!.GetValue<string>() == photo.ManifestId)!;
        Assert.Equal(resolved["similarityScore"]!.GetValue<int>(), top["similarity"]!.GetValue<int>());
        Assert.InRange(top["similarity"]!.GetValue<int>(), 80, 100);

        // Both soft bindings of the manifest were checked against the copy and match (§18.10.5.1).
        var bindings = top["softBindings"]!.AsArray();
        Assert.True(bindings.Count == 2, bindings.ToJsonString());
        Assert.All(bindings, b => Assert.True(b!["matched"]?.GetValue<bool>() == true, bindings.ToJsonString()));

        // Recovered provenance: the credentials are intact and trusted; the hard binding is the original's, said in words.
        Assert.False(top["hardBindingMatches"]!.GetValue<bool>());
        Assert.Equal("trusted", top["state"]!.GetValue<string>());
        Assert.Equal("Recovered: trusted Content Credentials", top["title"]!.GetValue<string>());
        Assert.Contains("not a sign of tampering", top["words"]!["hardBinding"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("Recovered provenance", top["words"]!["found"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(top["credentialFailures"]!.AsArray());
        Assert.Equal("invalid", top["verdict"]!["state"]!.GetValue<string>());

        Assert.Equal($"{PublishedPhoto.SignerName} Claim Signer", top["signer"]!["commonName"]!.GetValue<string>());
        Assert.Equal("MediaTrust recovery test 2.0", top["app"]!.GetValue<string>());
        Assert.Equal("harbour.jpg", top["claimTitle"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(top["words"]!["signed"]!.GetValue<string>()));
        Assert.StartsWith("data:image/jpeg;base64,", top["thumbnail"]!.GetValue<string>(), StringComparison.Ordinal);

        // The unrelated photo in the same repository is never accepted for this copy.
        Assert.All(matches.Skip(1), m => Assert.False(m!["accepted"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task An_unrelated_image_recovers_nothing()
    {
        using var photo = await PublishedPhoto.CreateAsync();
        await using var host = await ServerHost.StartAsync(Transport.TestHost, photo.Settings(), trustDemoRoot: false);
        using var response = await host.Client.PostAsync("/api/v1/recover?name=other.jpg", Jpeg(PublishedPhoto.ReEncode(Stores.Photo(90210), 80)), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await ServerHost.JsonAsync(response);
        Assert.Equal(0, json["recovered"]!.GetValue<int>());
        Assert.All(json["matches"]!.AsArray(), m =>
        {
            Assert.False(m!["accepted"]!.GetValue<bool>());
            Assert.Equal("Similar picture, not a confirmed match", m["title"]!.GetValue<string>());
        });
    }

    [Fact]
    public async Task Without_a_repository_it_says_what_to_configure()
    {
        await using var host = await ServerHost.StartAsync(Transport.TestHost);
        var ct = TestContext.Current.CancellationToken;
        using var offer = await host.Client.GetAsync("/api/v1/recover", ct);
        var json = await ServerHost.JsonAsync(offer);
        Assert.False(json["available"]!.GetValue<bool>());
        Assert.Contains("SqlitePath", json["reason"]!.GetValue<string>(), StringComparison.Ordinal);

        using var response = await host.PostFileAsync("/api/v1/recover", Repository.PathOf("samples/gradient.jpg"));
        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await ServerHost.JsonAsync(response);
        Assert.Equal("softBinding.notConfigured", problem["code"]!.GetValue<string>());
        Assert.Contains("MediaTrust:SoftBinding:SqlitePath", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_closed_repository_needs_a_read_token_and_errors_are_problems()
    {
        using var photo = await PublishedPhoto.CreateAsync();
        var settings = photo.Settings(anonymousRead: false);
        settings[$"{SoftBindingOptions.Section}:Tokens:0:Sha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("reader")));
        settings[$"{SoftBindingOptions.Section}:Tokens:0:Scopes:0"] = Scopes.FetchManifests;
        settings[$"{SoftBindingOptions.Section}:MaxContentBytes"] = "400000";
        await using var host = await ServerHost.StartAsync(Transport.TestHost, settings, trustDemoRoot: false);
        var ct = TestContext.Current.CancellationToken;

        using var offer = await host.Client.GetAsync("/api/v1/recover", ct);
        Assert.Contains("fetch:manifests", (await ServerHost.JsonAsync(offer))["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        using var anonymous = await host.Client.PostAsync("/api/v1/recover", Jpeg(photo.Stripped), ct);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("auth.required", (await ServerHost.JsonAsync(anonymous))["code"]!.GetValue<string>());

        (HttpContent Body, HttpStatusCode Status, string? Code)[] cases =
        [
            (Jpeg(photo.Stripped), HttpStatusCode.OK, null),
            (Octets(Encoding.ASCII.GetBytes("not an image at all")), HttpStatusCode.UnsupportedMediaType, "format.unsupported"),
            (Octets(new byte[400001]), HttpStatusCode.RequestEntityTooLarge, "upload.tooLarge"),
            (Form(("file", "a.jpg", photo.Stripped), ("sidecar", "a.c2pa", [1, 2, 3])), HttpStatusCode.BadRequest, null),
        ];
        foreach (var (body, status, code) in cases)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/recover") { Content = body };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "reader");
            using var response = await host.Client.SendAsync(request, ct);
            Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
            if (status != HttpStatusCode.OK)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                if (code is not null)
                {
                    Assert.Equal(code, (await ServerHost.JsonAsync(response))["code"]!.GetValue<string>());
                }
            }
        }
    }

    private static ByteArrayContent Jpeg(byte[] bytes) => Typed(bytes, "image/jpeg");

    private static ByteArrayContent Octets(byte[] bytes) => Typed(bytes, "application/octet-stream");

    private static ByteArrayContent Typed(byte[] bytes, string type)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return content;
    }

    private static MultipartFormDataContent Form(params (string Part, string FileName, byte[] Bytes)[] parts)
    {
        var form = new MultipartFormDataContent();
        foreach (var (part, fileName, bytes) in parts)
        {
            form.Add(new ByteArrayContent(bytes), part, fileName);
        }

        return form;
    }
}
