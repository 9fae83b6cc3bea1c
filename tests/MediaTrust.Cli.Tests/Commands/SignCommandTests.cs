using MediaTrust.Cose;
using MediaTrust.Testing;

namespace MediaTrust.Cli.Commands;

public sealed class SignCommandTests : IDisposable
{
    private static readonly byte[] TinyGif =
    [
        .."GIF89a"u8, 1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF,
        0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3B,
    ];

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("mediatrust-sign-");

    private string PathOf(string name) => Path.Combine(_directory.FullName, name);

    private async Task<string> SetUpAsync(string signerFields = "")
    {
        await CliRunner.RunAsync("cert", "init", PathOf("pki"));
        await File.WriteAllBytesAsync(PathOf("in.gif"), TinyGif, TestContext.Current.CancellationToken);
        var manifest = PathOf("manifest.json");
        await File.WriteAllTextAsync(manifest, $$"""
            { {{signerFields}}
              "claim_generator_info": [{ "name": "cli tests" }], "title": "in.gif",
              "assertions": [{ "label": "c2pa.actions.v2", "data": { "actions": [{ "action": "c2pa.created",
                "digitalSourceType": "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture" }] } }] }
            """, TestContext.Current.CancellationToken);
        return manifest;
    }

    [Fact]
    public async Task Signs_with_key_and_chain_options()
    {
        var manifest = await SetUpAsync();

        var (code, output, error) = await CliRunner.RunAsync("sign", PathOf("in.gif"), "-m", manifest, "-o", PathOf("out.gif"),
            "--key", PathOf("pki/signer.key"), "--cert", PathOf("pki/chain.pem"));

        Assert.True(code == ExitCodes.Ok, error);
        Assert.Contains("urn:c2pa:", output, StringComparison.Ordinal);
        var signed = await File.ReadAllBytesAsync(PathOf("out.gif"), TestContext.Current.CancellationToken);
        Assert.True(signed.Length > TinyGif.Length + 1000);
        Assert.Contains("C2PA_GIF", System.Text.Encoding.ASCII.GetString(signed), StringComparison.Ordinal);
        Assert.Equal(TinyGif, await File.ReadAllBytesAsync(PathOf("in.gif"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Signs_an_identity_that_verify_shows_verified_with_its_anchors_and_unverified_without()
    {
        var manifest = await SetUpAsync();
        var identityPki = TestPki.Create(SigningAlgorithm.ES256, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1), "Identity Test");
        var identity = identityPki.IssueIdentitySigner("Jane Doe");
        await File.WriteAllTextAsync(PathOf("identity.key"), identity.PrivateKeyPem, TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(PathOf("identity.pem"), identity.CertificatePem + identityPki.Intermediate.CertificatePem, TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(PathOf("identity-root.pem"), identityPki.Root.CertificatePem, TestContext.Current.CancellationToken);

        var (code, _, error) = await CliRunner.RunAsync("sign", PathOf("in.gif"), "-m", manifest, "-o", PathOf("out.gif"),
            "--key", PathOf("pki/signer.key"), "--cert", PathOf("pki/chain.pem"),
            "--identity-key", PathOf("identity.key"), "--identity-cert", PathOf("identity.pem"), "--role", "cawg.creator");
        Assert.True(code == ExitCodes.Ok, error);

        var (_, untrusted, _) = await CliRunner.RunAsync("verify", PathOf("out.gif"));
        Assert.True(untrusted.Contains("Jane Doe (MediaTrust Test) as creator: not verified", StringComparison.Ordinal), untrusted);

        var (_, trusted, _) = await CliRunner.RunAsync("verify", PathOf("out.gif"), "--identity-anchors", PathOf("identity-root.pem"));
        Assert.Contains("Jane Doe (MediaTrust Test) as creator: verified; X.509 certificate issued by MediaTrust Test", trusted, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_identity_key_without_its_certificate_is_a_usage_error()
    {
        var manifest = await SetUpAsync();

        var (code, _, error) = await CliRunner.RunAsync("sign", PathOf("in.gif"), "-m", manifest, "-o", PathOf("out.gif"),
            "--key", PathOf("pki/signer.key"), "--cert", PathOf("pki/chain.pem"), "--identity-key", PathOf("pki/signer.key"));

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--identity-cert", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reads_the_key_from_the_definition_like_c2patool()
    {
        var manifest = await SetUpAsync("""  "private_key": "pki/signer.key", "sign_cert": "pki/chain.pem", "alg": "es256", """);

        var (code, _, error) = await CliRunner.RunAsync("sign", PathOf("in.gif"), "-m", manifest, "-o", PathOf("out.gif"));

        Assert.True(code == ExitCodes.Ok, error);
    }

    [Fact]
    public async Task Sidecar_mode_leaves_the_asset_unchanged()
    {
        var manifest = await SetUpAsync();

        var (code, _, error) = await CliRunner.RunAsync("sign", PathOf("in.gif"), "-m", manifest, "-o", PathOf("out.gif"),
            "--key", PathOf("pki/signer.key"), "--cert", PathOf("pki/chain.pem"), "--sidecar");

        Assert.True(code == ExitCodes.Ok, error);
        Assert.Equal(TinyGif, await File.ReadAllBytesAsync(PathOf("out.gif"), TestContext.Current.CancellationToken));
        var store = await File.ReadAllBytesAsync(PathOf("out.c2pa"), TestContext.Current.CancellationToken);
        Assert.Equal("jumb"u8.ToArray(), store[4..8]);
    }

    [Fact]
    public async Task A_failed_sign_leaves_no_output_and_the_original_intact()
    {
        var manifest = await SetUpAsync();
        // The signer's key does not match the chain's certificate: a wrong-key setup fails before any write lands.
        await File.WriteAllBytesAsync(PathOf("out.gif"), [1, 2, 3], TestContext.Current.CancellationToken);

        var (code, _, error) = await CliRunner.RunAsync("sign", PathOf("in.gif"), "-m", manifest, "-o", PathOf("out.gif"), "-f",
            "--key", PathOf("pki/tsa.key"), "--cert", PathOf("pki/chain.pem"));

        Assert.Equal(ExitCodes.Error, code);
        Assert.StartsWith("error:", error, StringComparison.Ordinal);
        Assert.Equal([1, 2, 3], await File.ReadAllBytesAsync(PathOf("out.gif"), TestContext.Current.CancellationToken));
        Assert.Empty(_directory.GetFiles("*.tmp"));
    }

    [Fact]
    public async Task Refuses_to_overwrite_without_force()
    {
        var manifest = await SetUpAsync();
        await File.WriteAllBytesAsync(PathOf("out.gif"), [1], TestContext.Current.CancellationToken);

        var (code, _, error) = await CliRunner.RunAsync("sign", PathOf("in.gif"), "-m", manifest, "-o", PathOf("out.gif"),
            "--key", PathOf("pki/signer.key"), "--cert", PathOf("pki/chain.pem"));

        Assert.Equal(ExitCodes.Error, code);
        Assert.Contains("--force", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_key_is_a_usage_error()
    {
        var manifest = await SetUpAsync();

        var (code, _, error) = await CliRunner.RunAsync("sign", PathOf("in.gif"), "-m", manifest, "-o", PathOf("out.gif"));

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--key", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_appends_an_update_manifest_that_validates()
    {
        var manifest = await SetUpAsync();
        var signedCode = (await CliRunner.RunAsync("sign", PathOf("in.gif"), "-m", manifest, "-o", PathOf("signed.gif"),
            "--key", PathOf("pki/signer.key"), "--cert", PathOf("pki/chain.pem"))).ExitCode;
        Assert.Equal(ExitCodes.Ok, signedCode);
        var update = PathOf("update.json");
        await File.WriteAllTextAsync(update, """
            { "claim_generator_info": [{ "name": "cli tests" }],
              "assertions": [{ "label": "c2pa.actions.v2", "data": { "actions": [{ "action": "c2pa.published" }] } }] }
            """, TestContext.Current.CancellationToken);

        var (code, output, error) = await CliRunner.RunAsync("sign", PathOf("signed.gif"), "-m", update, "-o", PathOf("updated.gif"), "--update",
            "--key", PathOf("pki/signer.key"), "--cert", PathOf("pki/chain.pem"), "--trust-anchors", PathOf("pki/root.pem"));

        Assert.True(code == ExitCodes.Ok, error);
        Assert.Contains("update manifest urn:c2pa:", output, StringComparison.Ordinal);
        Assert.Contains("valid and trusted", output, StringComparison.Ordinal);
        var reader = await Reader.ReadFileAsync(PathOf("updated.gif"), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(2, reader.Manifests.Count);
        Assert.True(reader.ActiveManifest!.IsUpdate);
        Assert.False(reader.Manifests[0].IsUpdate);
    }

    [Theory]
    [InlineData("--sidecar")]
    [InlineData("--remote", "https://example.com/m.c2pa")]
    [InlineData("--parent", "in.gif")]
    public async Task Update_with_another_mode_or_ingredients_is_a_usage_error(params string[] extra)
    {
        var manifest = await SetUpAsync();
        string[] args = ["sign", PathOf("in.gif"), "-m", manifest, "-o", PathOf("updated.gif"), "--update",
            "--key", PathOf("pki/signer.key"), "--cert", PathOf("pki/chain.pem"), .. extra.Select(a => a == "in.gif" ? PathOf(a) : a)];

        var (code, _, error) = await CliRunner.RunAsync(args);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--update", error, StringComparison.Ordinal);
        Assert.False(File.Exists(PathOf("updated.gif")));
    }

    [Fact]
    public async Task Update_with_a_content_action_fails_and_writes_nothing()
    {
        var manifest = await SetUpAsync();
        await CliRunner.RunAsync("sign", PathOf("in.gif"), "-m", manifest, "-o", PathOf("signed.gif"), "--key", PathOf("pki/signer.key"), "--cert", PathOf("pki/chain.pem"));

        var (code, _, error) = await CliRunner.RunAsync("sign", PathOf("signed.gif"), "-m", manifest, "-o", PathOf("updated.gif"), "--update",
            "--key", PathOf("pki/signer.key"), "--cert", PathOf("pki/chain.pem"));

        Assert.Equal(ExitCodes.Error, code);
        Assert.Contains("c2pa.created", error, StringComparison.Ordinal);
        Assert.False(File.Exists(PathOf("updated.gif")));
    }

    [Fact]
    public async Task Verify_after_sign_fails_on_an_expired_chain_unless_no_verify()
    {
        // The key matches the chain, so signing succeeds, but the signer's certificate expired a
        // year ago: without a time-stamp the signature is outside its validity (spec 2.2 §14.3), and the read-back finds the output invalid.
        var cancellationToken = TestContext.Current.CancellationToken;
        var expired = TestPki.Create(SigningAlgorithm.ES256, DateTimeOffset.UtcNow.AddYears(-2), DateTimeOffset.UtcNow.AddYears(-1));
        await File.WriteAllTextAsync(PathOf("expired.key"), expired.Signer.PrivateKeyPem, cancellationToken);
        await File.WriteAllTextAsync(PathOf("expired.pem"), expired.SignerChainPem, cancellationToken);
        var manifest = await SetUpAsync();

        var (code, signedOutput, error) = await CliRunner.RunAsync("sign", PathOf("in.gif"), "-m", manifest, "-o", PathOf("out.gif"),
            "--key", PathOf("expired.key"), "--cert", PathOf("expired.pem"));

        Assert.True(code == ExitCodes.Invalid, error + "\n" + signedOutput);
        Assert.Contains("does not validate", error, StringComparison.Ordinal);
        Assert.Contains("claimSignature.outsideValidity", error, StringComparison.Ordinal);

        var (unchecked_, output, uncheckedError) = await CliRunner.RunAsync("sign", PathOf("in.gif"), "-m", manifest, "-o", PathOf("out.gif"), "-f",
            "--key", PathOf("expired.key"), "--cert", PathOf("expired.pem"), "--no-verify");

        Assert.True(unchecked_ == ExitCodes.Ok, uncheckedError);
        Assert.DoesNotContain("Verified", output, StringComparison.Ordinal);
        Assert.True(File.Exists(PathOf("out.gif")));
    }

    [Fact]
    public async Task Remote_mode_writes_a_reference_and_a_store_that_validates_when_fetched()
    {
        var manifest = await SetUpAsync();
        var storePath = PathOf("published.c2pa");
        await using var server = new MediaTrust.Formats.Remote.LoopbackServer(async (path, stream, token) =>
        {
            var body = path == "/manifests/out.c2pa" && File.Exists(storePath) ? await File.ReadAllBytesAsync(storePath, token) : null;
            var head = body is null
                ? "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                : $"HTTP/1.1 200 OK\r\nContent-Type: application/c2pa\r\nContent-Length: {body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)}\r\nConnection: close\r\n\r\n";
            await MediaTrust.Formats.Remote.LoopbackServer.Write(stream, head, body, token);
        });
        var url = server.Url("/manifests/out.c2pa");

        var (code, output, error) = await CliRunner.RunAsync("sign", PathOf("in.gif"), "-m", manifest, "-o", PathOf("out.gif"), "--remote", url,
            "--key", PathOf("pki/signer.key"), "--cert", PathOf("pki/chain.pem"), "--trust-anchors", PathOf("pki/root.pem"));

        Assert.True(code == ExitCodes.Ok, error);
        Assert.Contains("valid and trusted", output, StringComparison.Ordinal);
        // Publish the store: moved away from OUT, where a reader would take it for a sidecar.
        File.Move(PathOf("out.c2pa"), storePath);
        var cancellationToken = TestContext.Current.CancellationToken;
        var offline = await Assert.ThrowsAsync<NoManifestException>(() => Reader.ReadFileAsync(PathOf("out.gif"), cancellationToken: cancellationToken));
        Assert.Equal(url, offline.RemoteManifestUrl);
        Assert.Equal(0, server.Requests);

        var trust = new MediaTrust.Pki.TrustStoreBuilder().AddSignerAnchorsFromPem(await File.ReadAllTextAsync(PathOf("pki/root.pem"), cancellationToken)).Build();
        var reader = await Reader.ReadFileAsync(PathOf("out.gif"), new ReaderOptions
        {
            Validation = new MediaTrust.Validation.ValidationOptions { Trust = trust },
            RemoteFetch = new MediaTrust.Formats.Remote.RemoteFetchOptions { AllowNetwork = true, AllowLoopback = true, Timeout = TimeSpan.FromSeconds(10) },
        }, cancellationToken);
        Assert.True(reader.Validation!.State == MediaTrust.Validation.ValidationState.Trusted, string.Join("; ", reader.Validation.Failures));
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task Tsa_option_time_stamps_the_signature_through_the_cli()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var pki = TestPki.Create(SigningAlgorithm.ES256, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        await File.WriteAllTextAsync(PathOf("signer.key"), pki.Signer.PrivateKeyPem, cancellationToken);
        await File.WriteAllTextAsync(PathOf("chain.pem"), pki.SignerChainPem, cancellationToken);
        await File.WriteAllTextAsync(PathOf("root.pem"), pki.Root.CertificatePem, cancellationToken);
        var manifest = await SetUpAsync();
        using var tsa = new MediaTrust.Signing.LoopbackTsa(pki);

        var (code, output, error) = await CliRunner.RunAsync("sign", PathOf("in.gif"), "-m", manifest, "-o", PathOf("out.gif"), "--tsa", tsa.Url.AbsoluteUri,
            "--key", PathOf("signer.key"), "--cert", PathOf("chain.pem"), "--trust-anchors", PathOf("root.pem"), "--tsa-anchors", PathOf("root.pem"));

        Assert.True(code == ExitCodes.Ok, error);
        Assert.Contains("valid and trusted", output, StringComparison.Ordinal);
        Assert.Equal(1, tsa.Requests);
        var trust = new MediaTrust.Pki.TrustStoreBuilder().AddSignerAnchorsFromPem(pki.Root.CertificatePem).AddTimeStampAnchorsFromPem(pki.Root.CertificatePem).Build();
        var reader = await Reader.ReadFileAsync(PathOf("out.gif"), new ReaderOptions { Validation = new MediaTrust.Validation.ValidationOptions { Trust = trust } }, cancellationToken);
        Assert.Contains(reader.Validation!.Results.ActiveManifest.Success, f => f.Code == "timeStamp.trusted");
    }

    [Fact]
    public async Task Time_stamp_ingredients_with_update_stamps_the_previous_manifest()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var pki = TestPki.Create(SigningAlgorithm.ES256, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        await File.WriteAllTextAsync(PathOf("signer.key"), pki.Signer.PrivateKeyPem, cancellationToken);
        await File.WriteAllTextAsync(PathOf("chain.pem"), pki.SignerChainPem, cancellationToken);
        await File.WriteAllTextAsync(PathOf("root.pem"), pki.Root.CertificatePem, cancellationToken);
        var manifest = await SetUpAsync();
        Assert.Equal(ExitCodes.Ok, (await CliRunner.RunAsync("sign", PathOf("in.gif"), "-m", manifest, "-o", PathOf("signed.gif"),
            "--key", PathOf("signer.key"), "--cert", PathOf("chain.pem"))).ExitCode);
        var update = PathOf("update.json");
        await File.WriteAllTextAsync(update, """
            { "claim_generator_info": [{ "name": "cli tests" }],
              "assertions": [{ "label": "c2pa.actions.v2", "data": { "actions": [{ "action": "c2pa.published" }] } }] }
            """, cancellationToken);
        using var tsa = new MediaTrust.Signing.LoopbackTsa(pki);

        var (code, _, error) = await CliRunner.RunAsync("sign", PathOf("signed.gif"), "-m", update, "-o", PathOf("updated.gif"), "--update",
            "--tsa", tsa.Url.AbsoluteUri, "--time-stamp-ingredients", "--key", PathOf("signer.key"), "--cert", PathOf("chain.pem"),
            "--trust-anchors", PathOf("root.pem"), "--tsa-anchors", PathOf("root.pem"));

        Assert.True(code == ExitCodes.Ok, error);
        Assert.Equal(2, tsa.Requests); // the update's own signature, and the previous manifest
        var trust = new MediaTrust.Pki.TrustStoreBuilder().AddSignerAnchorsFromPem(pki.Root.CertificatePem).AddTimeStampAnchorsFromPem(pki.Root.CertificatePem).Build();
        var reader = await Reader.ReadFileAsync(PathOf("updated.gif"), new ReaderOptions { Validation = new MediaTrust.Validation.ValidationOptions { Trust = trust } }, cancellationToken);
        Assert.Contains(reader.ActiveManifest!.Assertions, a => a.Label == "c2pa.time-stamp");
        var parent = Assert.Single(reader.Validation!.Results.IngredientDeltas).ValidationDeltas;
        Assert.Contains(parent.Success, f => f.Code == "timeStamp.trusted" && f.Url!.EndsWith("c2pa.time-stamp", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--tsa|not a url", "--tsa needs an absolute http or https URL")]
    [InlineData("--remote|ftp://example.com/store.c2pa", "--remote needs an absolute http or https URL")]
    [InlineData("--ocsp", "--ocsp: the signer's certificate names no OCSP responder")]
    [InlineData("--time-stamp-ingredients", "--time-stamp-ingredients needs a time-stamp authority")]
    public async Task Options_given_what_they_cannot_use_are_usage_errors(string options, string message)
    {
        var manifest = await SetUpAsync();

        var (code, _, error) = await CliRunner.RunAsync(["sign", PathOf("in.gif"), "-m", manifest, "-o", PathOf("out.gif"), .. options.Split('|'),
            "--key", PathOf("pki/signer.key"), "--cert", PathOf("pki/chain.pem")]);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.False(File.Exists(PathOf("out.gif")));
    }

    [Fact]
    public async Task Unreachable_tsa_is_an_error_and_writes_nothing()
    {
        var manifest = await SetUpAsync();

        var (code, _, error) = await CliRunner.RunAsync("sign", PathOf("in.gif"), "-m", manifest, "-o", PathOf("out.gif"), "--tsa", "http://127.0.0.1:1/tsa",
            "--key", PathOf("pki/signer.key"), "--cert", PathOf("pki/chain.pem"));

        Assert.Equal(ExitCodes.Error, code);
        Assert.Contains("time-stamp authority", error, StringComparison.Ordinal);
        Assert.False(File.Exists(PathOf("out.gif")));
    }

    public void Dispose() => _directory.Delete(recursive: true);
}
