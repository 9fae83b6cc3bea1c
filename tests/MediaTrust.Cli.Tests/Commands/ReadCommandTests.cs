using System.Text.Json.Nodes;
using MediaTrust.Testing;

namespace MediaTrust.Cli.Commands;

public sealed class ReadCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mediatrust-read-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var (code, output, error) = CliRunner.RunAsync(args).GetAwaiter().GetResult();
        return (code, output, error);
    }

    [Trait("Category", "Corpus")]
    [Fact]
    public void Prints_reader_json_without_a_verdict_when_asked_not_to_validate()
    {
        var file = SharedFolder.RequireCorpusFile("c2pa-extension-validator/test/media/cards_trusted.jpg");
        var (code, stdout, _) = Run("read", file, "--no-validate");
        Assert.Equal(0, code);
        var json = JsonNode.Parse(stdout)!;
        Assert.Equal("urn:uuid:bdb4a991-050b-4d95-883e-8af096efd3a3", json["active_manifest"]!.GetValue<string>());
        var manifest = json["manifests"]!["urn:uuid:bdb4a991-050b-4d95-883e-8af096efd3a3"]!;
        Assert.Equal("Some cards", manifest["title"]!.GetValue<string>());
        Assert.Equal("Es256", manifest["signature_info"]!["alg"]!.GetValue<string>());
        Assert.Equal("2024-05-30T17:39:57+00:00", manifest["signature_info"]!["time"]!.GetValue<string>());
        Assert.Null(json["validation_state"]);
        Assert.Null(json["validation_results"]);
    }

    [Trait("Category", "Corpus")]
    [Fact]
    public void Validates_like_c2patool_with_the_trust_options()
    {
        var corpus = SharedFolder.RequireCorpus();
        var file = Path.Combine(corpus, "c2pa-rs/sdk/tests/fixtures/C.jpg");
        var anchors = Path.Combine(corpus, "c2pa-rs/sdk/tests/fixtures/certs/trust/test_cert_root_bundle.pem");

        var first = Run("read", file, "--at", "2024-08-07T00:00:00Z");
        Assert.True(first.Code == 0, first.Err);
        var untrusted = JsonNode.Parse(first.Out)!;
        var trusted = JsonNode.Parse(Run("read", file, "--at", "2024-08-07T00:00:00Z", "--trust-anchors", anchors).Out)!;

        Assert.Equal("Valid", untrusted["validation_state"]!.GetValue<string>());
        Assert.Equal("signingCredential.untrusted", untrusted["validation_status"]![0]!["code"]!.GetValue<string>());
        Assert.Equal("Trusted", trusted["validation_state"]!.GetValue<string>());
        Assert.Null(trusted["validation_status"]);
        var success = trusted["validation_results"]!["activeManifest"]!["success"]!.AsArray().Select(s => s!["code"]!.GetValue<string>()).ToList();
        Assert.Contains("assertion.dataHash.match", success);
        Assert.Contains("claimSignature.validated", success);
        Assert.Contains("signingCredential.trusted", success);
    }

    [Trait("Category", "Corpus")]
    [Fact]
    public void Detailed_output_writes_json_and_resources()
    {
        var file = SharedFolder.RequireCorpusFile("c2pa-rs/sdk/tests/fixtures/CA.jpg");
        var (code, stdout, _) = Run("read", file, "--detailed", "--output", _folder);
        Assert.Equal(0, code);
        var manifest = JsonNode.Parse(stdout)!["manifests"]!.AsObject().First().Value!;
        Assert.NotNull(manifest["claim"]!["instanceID"]);
        Assert.NotNull(manifest["assertion_store"]);
        Assert.True(File.Exists(Path.Combine(_folder, "detailed.json")));
        var thumbnails = Directory.GetFiles(Path.Combine(_folder, "resources"), "c2pa.thumbnail.*", SearchOption.AllDirectories);
        Assert.NotEmpty(thumbnails);
        Assert.Equal([0xFF, 0xD8], File.ReadAllBytes(thumbnails[0])[..2]);
    }

    [Fact]
    public void No_manifest_exits_2_with_a_message()
    {
        var path = Path.Combine(_folder, "plain.jpg");
        File.WriteAllBytes(path, Convert.FromHexString("FFD8" + "FFE000104A46494600010100000100010000" + "FFDA000C03010002110311003F00" + "1234" + "FFD9"));
        var (code, stdout, stderr) = Run("read", path);
        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.Contains("No C2PA manifest store", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_jpeg_exits_3_naming_offset()
    {
        var path = Path.Combine(_folder, "truncated.jpg");
        File.WriteAllBytes(path, Convert.FromHexString("FFD8" + "FFE00100" + "4A46"));
        var (code, _, stderr) = Run("read", path);
        Assert.Equal(3, code);
        Assert.Contains("runs past the end", stderr, StringComparison.Ordinal);
        Assert.Contains("offset 2", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_format_exits_3_and_missing_file_or_argument_is_a_usage_error()
    {
        var path = Path.Combine(_folder, "text.jpg");
        File.WriteAllText(path, "not an image");
        Assert.Equal(3, Run("read", path).Code);
        Assert.Equal(64, Run("read", Path.Combine(_folder, "missing.jpg")).Code);
        Assert.Equal(64, Run("read").Code);
    }
}
