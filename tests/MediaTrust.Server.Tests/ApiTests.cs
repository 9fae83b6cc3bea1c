using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using MediaTrust.Cose;
using MediaTrust.Signing;
using MediaTrust.Testing;

namespace MediaTrust.Server;

/// <summary>Every endpoint of the REST API through the in-process test host and a real Kestrel on loopback (docs/server.md).</summary>
public sealed class ApiTests
{
    private static readonly string Signed = Repository.PathOf("samples/gradient-signed.jpg");
    private static readonly string Unsigned = Repository.PathOf("samples/gradient.jpg");

    public static TheoryData<Transport> Transports() => new(Transport.TestHost, Transport.Kestrel);

    [Fact]
    public async Task Verify_words_each_identity_and_the_ai_use_preferences_for_the_page()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var pki = TestPki.Create(SigningAlgorithm.ES256, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        using var signer = pki.CreateClaimSigner();
        using var identity = pki.CreateSigner(pki.IssueIdentitySigner("Jane Doe"));
        var definition = ManifestDefinition.FromJson("""
            { "claim_generator_info": [{ "name": "server tests" }], "title": "photo.jpg",
              "assertions": [ { "label": "c2pa.actions.v2", "data": { "actions": [ { "action": "c2pa.created" } ] } },
                { "label": "cawg.training-mining", "data": { "entries": { "cawg.ai_generative_training": { "use": "notAllowed" } } } } ] }
            """);
        var path = Path.Combine(Path.GetTempPath(), $"mediatrust-identity-{Guid.NewGuid():N}.jpg");
        try
        {
            await using (var output = File.Create(path))
            await using (var source = File.OpenRead(Unsigned))
            {
                await new ManifestBuilder(definition) { Identities = [new IdentitySigner(identity) { Roles = ["cawg.creator"] }] }
                    .SignAsync(source, output, signer, cancellationToken);
            }

            await using var host = await ServerHost.StartAsync(Transport.TestHost);
            using var response = await host.PostFileAsync("/api/v1/verify?name=photo.jpg", path, "image/jpeg");
            var verdict = (await ServerHost.JsonAsync(response))["verdict"]!;

            var words = Assert.Single(verdict["words"]!["identities"]!.AsArray())!.GetValue<string>();
            Assert.StartsWith("Jane Doe (MediaTrust Test) as creator: not verified", words, StringComparison.Ordinal);
            Assert.Equal("generative AI training: not allowed", verdict["words"]!["trainingMining"]!.GetValue<string>());
            Assert.Equal("wellFormed", verdict["identities"]![0]!["status"]!.GetValue<string>());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Verify_the_sample_as_raw_body(Transport transport)
    {
        await using var host = await ServerHost.StartAsync(transport);
        using var response = await host.PostFileAsync("/api/v1/verify?name=gradient-signed.jpg", Signed, "image/jpeg");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await ServerHost.JsonAsync(response);
        var verdict = json["verdict"]!;
        Assert.Equal("trusted", verdict["state"]!.GetValue<string>());
        Assert.Equal("Trusted", verdict["title"]!.GetValue<string>());
        Assert.Equal("intact", verdict["axes"]!["integrity"]!.GetValue<string>());
        Assert.Equal("trusted", verdict["axes"]!["signerTrust"]!.GetValue<string>());
        Assert.StartsWith("gradient-signed.jpg: TRUSTED (embedded manifest)\n", verdict["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("MediaTrust Test", verdict["signer"]!["organization"]!.GetValue<string>());
        Assert.Equal("generated", json["ai"]!["kind"]!.GetValue<string>());
        var active = json["manifests"]!.AsArray().Single(m => m!["isActive"]!.GetValue<bool>())!;
        Assert.StartsWith("data:image/jpeg;base64,", active["thumbnail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("MediaTrust sample generator 1.0", active["app"]!.GetValue<string>());
        Assert.Contains(active["actions"]!.AsArray(), a => a!["words"]!.GetValue<string>() == "Created" && a["sourceWords"]!.GetValue<string>() == "made by generative AI");
        Assert.Equal(json["activeManifest"]!.GetValue<string>(), json["reader"]!["active_manifest"]!.GetValue<string>());
        Assert.Null(json["detailed"]);
        Assert.Null(json["crjson"]);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Verify_as_multipart_with_detailed_and_cr_json(Transport transport)
    {
        await using var host = await ServerHost.StartAsync(transport);
        using var response = await host.PostMultipartAsync("/api/v1/verify?detailed&crjson", ("file", "photo.jpg", File.ReadAllBytes(Signed)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await ServerHost.JsonAsync(response);
        Assert.Equal("photo.jpg", json["file"]!["name"]!.GetValue<string>());
        Assert.NotNull(json["detailed"]);
        Assert.NotNull(json["crjson"]!["manifests"]);
    }

    [Fact]
    public async Task A_file_without_credentials_is_no_manifest()
    {
        await using var host = await ServerHost.StartAsync(Transport.TestHost);
        using var response = await host.PostFileAsync("/api/v1/verify", Unsigned);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var verdict = (await ServerHost.JsonAsync(response))["verdict"]!;
        Assert.Equal("no-manifest", verdict["state"]!.GetValue<string>());
        Assert.Equal("No Content Credentials", verdict["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Without_the_demo_root_the_sample_is_valid_but_not_trusted()
    {
        await using var host = await ServerHost.StartAsync(Transport.TestHost, trustDemoRoot: false);
        using var response = await host.PostFileAsync("/api/v1/verify", Signed);
        var verdict = (await ServerHost.JsonAsync(response))["verdict"]!;
        Assert.Equal("valid", verdict["state"]!.GetValue<string>());
        Assert.Equal("Valid but signer not on the trust lists", verdict["title"]!.GetValue<string>());
        Assert.Equal("intact", verdict["axes"]!["integrity"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_sidecar_beside_the_asset_is_validated()
    {
        var pki = TestPki.Create(SigningAlgorithm.ES256, new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), new(2035, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using var signer = pki.CreateClaimSigner();
        var definition = ManifestDefinition.FromJson("""
            {"claim_generator_info":[{"name":"sidecar test"}],"title":"gradient.jpg",
             "assertions":[{"label":"c2pa.actions.v2","data":{"actions":[{"action":"c2pa.created","digitalSourceType":"http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture"}]}}]}
            """);
        await using var asset = File.OpenRead(Unsigned);
        var sidecar = await new ManifestBuilder(definition).SignSidecarAsync(asset, signer, TestContext.Current.CancellationToken);
        var anchors = Path.Combine(Path.GetTempPath(), $"mediatrust-test-root-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(anchors, pki.Root.CertificatePem, TestContext.Current.CancellationToken);
        try
        {
            await using var host = await ServerHost.StartAsync(Transport.TestHost, new Dictionary<string, string?> { ["MediaTrust:TrustAnchors:0"] = anchors }, trustDemoRoot: false);
            using var response = await host.PostMultipartAsync("/api/v1/verify", ("file", "gradient.jpg", File.ReadAllBytes(Unsigned)), ("sidecar", "gradient.c2pa", sidecar));
            var verdict = (await ServerHost.JsonAsync(response))["verdict"]!;
            Assert.True(verdict["state"]!.GetValue<string>() == "trusted", verdict.ToJsonString());
            Assert.Equal("sidecar", verdict["source"]!.GetValue<string>());

            using var indicators = await host.PostMultipartAsync("/api/v1/indicators", ("file", "gradient.jpg", File.ReadAllBytes(Unsigned)), ("sidecar", "gradient.c2pa", sidecar));
            Assert.Equal(HttpStatusCode.OK, indicators.StatusCode);
            Assert.NotEmpty((await ServerHost.JsonAsync(indicators))["manifests"]!.AsArray());
        }
        finally
        {
            File.Delete(anchors);
        }
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Indicators_of_the_sample(Transport transport)
    {
        await using var host = await ServerHost.StartAsync(transport);
        using var response = await host.PostFileAsync("/api/v1/indicators", Signed);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await ServerHost.JsonAsync(response);
        Assert.Equal("https://jpeg.org/jpegtrust", json["@context"]![0]!.GetValue<string>());
        Assert.NotEmpty(json["manifests"]!.AsArray());
    }

    [Theory]
    [InlineData("json", "application/json")]
    [InlineData("yaml", "application/yaml")]
    [InlineData("html", "text/html")]
    public async Task Trust_report_from_the_library(string format, string mediaType)
    {
        await using var host = await ServerHost.StartAsync(Transport.TestHost);
        using var response = await host.PostMultipartAsync($"/api/v1/trust?profile=ai-disclosure&format={format}", ("file", "g.jpg", File.ReadAllBytes(Signed)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType!.MediaType);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("c2pa_genai", text, StringComparison.Ordinal);
        if (format == "html")
        {
            var policy = response.Headers.GetValues("Content-Security-Policy").Single();
            Assert.Contains("style-src 'sha256-", policy, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        }
        else if (format == "json")
        {
            var report = JsonNode.Parse(text)!;
            var statement = report["statements"]!.AsArray().SelectMany(s => s!.AsArray()).Single(s => s!["id"]!.GetValue<string>() == "c2pa_genai")!;
            Assert.True(statement["value"]!.GetValue<bool>());
        }
    }

    [Fact]
    public async Task Trust_report_from_an_uploaded_profile()
    {
        const string profile = "---\nprofile_metadata:\n  name: Uploaded\n  language: en\n---\n- id: has_manifest\n  expression: length(@.manifests) > `0`\n";
        await using var host = await ServerHost.StartAsync(Transport.TestHost);
        using var response = await host.PostMultipartAsync("/api/v1/trust", ("file", "g.jpg", File.ReadAllBytes(Signed)), ("profile", "p.yml", Encoding.UTF8.GetBytes(profile)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await ServerHost.JsonAsync(response);
        Assert.True(report["statements"]![0]![0]!["value"]!.GetValue<bool>());
    }

    [Fact]
    public async Task An_uploaded_profile_cannot_include_server_files()
    {
        const string profile = "---\nprofile_metadata:\n  name: Sneaky\ninclude: [/etc/passwd]\n---\n- id: x\n  expression: '`true`'\n";
        await using var host = await ServerHost.StartAsync(Transport.TestHost);
        using var response = await host.PostMultipartAsync("/api/v1/trust", ("file", "g.jpg", File.ReadAllBytes(Signed)), ("profile", "p.yml", Encoding.UTF8.GetBytes(profile)));
        await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "profile.include");
    }

    [Fact]
    public async Task An_unreadable_profile_is_422()
    {
        await using var host = await ServerHost.StartAsync(Transport.TestHost);
        using var response = await host.PostMultipartAsync("/api/v1/trust", ("file", "g.jpg", File.ReadAllBytes(Signed)), ("profile", "p.yml", "a: [unclosed"u8.ToArray()));
        await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "profile.invalid");
    }

    [Fact]
    public async Task Profiles_and_trust_lists()
    {
        await using var host = await ServerHost.StartAsync(Transport.TestHost);
        var profiles = JsonNode.Parse(await host.Client.GetStringAsync("/api/v1/profiles", TestContext.Current.CancellationToken))!["profiles"]!.AsArray();
        var names = profiles.Select(p => p!["name"]!.GetValue<string>()).ToList();
        foreach (var file in Directory.GetFiles(Repository.PathOf("profiles"), "*.yml"))
        {
            Assert.Contains(Path.GetFileNameWithoutExtension(file), names);
        }

        var lists = JsonNode.Parse(await host.Client.GetStringAsync("/api/v1/trust-lists", TestContext.Current.CancellationToken))!;
        Assert.Contains(lists["signerAnchors"]!.AsArray(), a => a!["subject"]!.GetValue<string>().Contains("MediaTrust", StringComparison.Ordinal));
        // The bundled official lists are in use by default (issue #11), the configured PEM beside them as a user list, named
        // after its file as the CLI names it (TrustStoreBuilder.AddSignerAnchorsFromFile).
        var inUse = lists["lists"]!.AsArray();
        Assert.Contains(inUse, l => l!["name"]!.GetValue<string>() == "C2PA Trust List" && l["kind"]!.GetValue<string>() == "official"
            && l["issued"] is not null && l["signerAnchors"]!.GetValue<int>() > 0);
        Assert.Contains(inUse, l => l!["name"]!.GetValue<string>() == "C2PA TSA Trust List" && l["timeStampAnchors"]!.GetValue<int>() > 0);
        Assert.Contains(inUse, l => l!["name"]!.GetValue<string>() == "root.pem" && l["kind"]!.GetValue<string>() == "user" && l["signerAnchors"]!.GetValue<int>() == 1);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Health_open_api_reference_and_metrics(Transport transport)
    {
        await using var host = await ServerHost.StartAsync(transport);
        var token = TestContext.Current.CancellationToken;
        Assert.Equal("Healthy", await host.Client.GetStringAsync("/healthz", token));
        Assert.Equal("Healthy", await host.Client.GetStringAsync("/readyz", token));
        var openApi = JsonNode.Parse(await host.Client.GetStringAsync("/openapi/v1.json", token))!;
        foreach (var path in new[] { "/api/v1/verify", "/api/v1/indicators", "/api/v1/trust", "/api/v1/profiles", "/api/v1/trust-lists", "/api/v1/recover" })
        {
            Assert.NotNull(openApi["paths"]![path]);
        }

        Assert.NotNull(openApi["paths"]!["/api/v1/verify"]!["post"]!["requestBody"]!["content"]!["multipart/form-data"]);
        using var reference = await host.Client.GetAsync("/scalar/v1", token);
        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
        var policy = reference.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self' 'sha256-", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("cdn", await reference.Content.ReadAsStringAsync(token), StringComparison.OrdinalIgnoreCase);

        using (await host.PostFileAsync("/api/v1/verify", Signed))
        {
        }

        var metrics = await host.Client.GetStringAsync("/metrics", token);
        Assert.Contains("mediatrust_validations_total", metrics, StringComparison.Ordinal);
        Assert.Contains("state=\"trusted\"", metrics, StringComparison.Ordinal);
        Assert.Contains("mediatrust_validation_bytes", metrics, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Security_headers_on_the_page_and_the_api(Transport transport)
    {
        await using var host = await ServerHost.StartAsync(transport);
        foreach (var path in new[] { "/", "/app.js", "/api/v1/profiles", "/no-such-page" })
        {
            using var response = await host.Client.GetAsync(path, TestContext.Current.CancellationToken);
            var policy = response.Headers.GetValues("Content-Security-Policy").Single();
            Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
            Assert.Contains("style-src 'self';", policy, StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe", policy, StringComparison.Ordinal);
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        }

        var page = await host.Client.GetStringAsync("/", TestContext.Current.CancellationToken);
        Assert.DoesNotContain("<script>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("style=", page, StringComparison.Ordinal);
        Assert.DoesNotContain("innerHTML", await host.Client.GetStringAsync("/app.js", TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_route_and_profile_are_404_problem_details()
    {
        await using var host = await ServerHost.StartAsync(Transport.TestHost);
        using var route = await host.Client.GetAsync("/api/v1/nothing", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, route.StatusCode);
        Assert.Equal("application/problem+json", route.Content.Headers.ContentType!.MediaType);
        using var profile = await host.PostFileAsync("/api/v1/trust?profile=no-such-profile", Signed);
        await AssertProblemAsync(profile, HttpStatusCode.NotFound, "profile.unknown");
    }

    [Fact]
    public async Task Bad_requests_are_400()
    {
        await using var host = await ServerHost.StartAsync(Transport.TestHost);
        using var empty = await host.Client.PostAsync("/api/v1/verify", new ByteArrayContent([]), TestContext.Current.CancellationToken);
        await AssertProblemAsync(empty, HttpStatusCode.BadRequest, null);
        using var unknownPart = await host.PostMultipartAsync("/api/v1/verify", ("file", "a.jpg", File.ReadAllBytes(Signed)), ("other", "b", [1]));
        await AssertProblemAsync(unknownPart, HttpStatusCode.BadRequest, null);
        using var format = await host.PostFileAsync("/api/v1/trust?profile=ai-disclosure&format=pdf", Signed);
        await AssertProblemAsync(format, HttpStatusCode.BadRequest, null);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A_multipart_body_without_its_closing_boundary_is_400_and_leaves_no_file(Transport transport)
    {
        // Found by the `upload` fuzz target: the whole body arrives, but the multipart reader runs out before the closing
        // boundary ("Unexpected end of Stream", an IOException), which was answered 500.
        await using var host = await ServerHost.StartAsync(transport);
        var body = Encoding.ASCII.GetBytes("--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jpg\"\r\n\r\nabcdef");
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=XyZ");
        using var response = await host.Client.PostAsync("/api/v1/verify", content, TestContext.Current.CancellationToken);
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, null);
        Assert.Empty(Directory.EnumerateFiles(host.UploadFolder));
    }

    [Fact]
    public async Task Text_and_unknown_formats_are_415()
    {
        await using var host = await ServerHost.StartAsync(Transport.TestHost);
        using var text = await host.Client.PostAsync("/api/v1/verify", new StringContent("hello", Encoding.UTF8, "text/plain"), TestContext.Current.CancellationToken);
        await AssertProblemAsync(text, HttpStatusCode.UnsupportedMediaType, "format.unsupported");

        // The name says JPEG; the bytes say otherwise: the bytes decide.
        var noise = new byte[4096];
        new Random(7).NextBytes(noise);
        using var random = await host.PostMultipartAsync("/api/v1/verify", ("file", "photo.jpg", noise));
        await AssertProblemAsync(random, HttpStatusCode.UnsupportedMediaType, "format.unsupported");
    }

    [Fact]
    public async Task A_store_that_does_not_parse_is_422()
    {
        // The sample with its JUMBF superbox length set past the end: the store cannot be parsed at all.
        var bytes = File.ReadAllBytes(Signed);
        var jumb = bytes.AsSpan().IndexOf("jumb"u8);
        Assert.True(jumb > 4);
        bytes[jumb - 4] = 0x7F;
        await using var host = await ServerHost.StartAsync(Transport.TestHost);
        using var response = await host.PostMultipartAsync("/api/v1/verify", ("file", "broken.jpg", bytes));
        var problem = await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, null);
        Assert.Equal("Unreadable content", problem["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Options_are_validated_at_start()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var host = await ServerHost.StartAsync(Transport.TestHost, new Dictionary<string, string?> { ["MediaTrust:MaxUploadBytes"] = "0" });
        });
        Assert.Contains("MaxUploadBytes", error.Message, StringComparison.Ordinal);
    }

    internal static async Task<JsonObject> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? code)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(body)!.AsObject();
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(problem["title"]?.GetValue<string>()));
        if (code is not null)
        {
            Assert.Equal(code, problem["code"]?.GetValue<string>());
        }

        return problem;
    }
}
