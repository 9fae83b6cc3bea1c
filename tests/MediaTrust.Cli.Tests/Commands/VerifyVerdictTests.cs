using System.Text.Json.Nodes;
using MediaTrust.Cose;
using MediaTrust.Signing;
using MediaTrust.Testing;

namespace MediaTrust.Cli.Commands;

/// <summary>
/// Verdicts that never mislead (docs/validation.md, "Which axis each code speaks to"): a rule the signer broke is a
/// conformance problem, not tampering; a changed byte is tampering; a signer on no list with intact content is VALID.
/// </summary>
public sealed class VerifyVerdictTests : IDisposable
{
    private const string At = "2026-03-01T12:00:00Z";

    private static readonly byte[] TinyGif = Convert.FromHexString("47494638396101000100800000FFFFFF00000021F90401000000002C00000000010001000002024401003B");

    private static readonly Lazy<TestPki> Pki = new(() => TestPki.Create(SigningAlgorithm.ES256, new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), new(2035, 1, 1, 0, 0, 0, TimeSpan.Zero), "Verdict Test"));

    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("mediatrust-verdicts-");

    public void Dispose() => _work.Delete(recursive: true);

    private string PathOf(string name) => Path.Combine(_work.FullName, name);

    private async Task<string> SignAsync(string name, string actions)
    {
        var definition = ManifestDefinition.FromJson($$"""
            { "claim_generator_info": [{ "name": "verdict tests" }], "title": "{{name}}",
              "assertions": [{ "label": "c2pa.actions.v2", "data": { "actions": {{actions}} } }] }
            """);
        using var signer = Pki.Value.CreateClaimSigner();
        await using (var source = new MemoryStream(TinyGif))
        await using (var destination = File.Create(PathOf(name)))
        {
            await new ManifestBuilder(definition) { GenerateThumbnails = false }.SignAsync(source, destination, signer, TestContext.Current.CancellationToken);
        }

        return PathOf(name);
    }

    private Task<string> SignWellFormedAsync(string name) => SignAsync(name, """[{ "action": "c2pa.created", "digitalSourceType": "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture" }]""");

    private string RootPem()
    {
        File.WriteAllText(PathOf("root.pem"), Pki.Value.Root.CertificatePem);
        return PathOf("root.pem");
    }

    private Task<(int ExitCode, string Output, string Error)> VerifyTrustingTheTestRootAsync(params string[] args) =>
        CliRunner.RunAsync(["verify", .. args, "--at", At, "--no-default-trust", "--trust-anchors", RootPem()]);

    [Fact]
    public async Task A_malformed_action_list_is_a_conformance_failure_not_tampering()
    {
        // §15.10.3.2.1: created or opened must come first; here created follows opened (assertion.action.malformed).
        var file = await SignAsync("malformed.gif", """[{ "action": "c2pa.opened" }, { "action": "c2pa.created" }]""");

        var (code, output, _) = await VerifyTrustingTheTestRootAsync(file);
        var (_, json, _) = await VerifyTrustingTheTestRootAsync("--json-lines", file);

        Assert.Equal(ExitCodes.Invalid, code); // a failure code of the spec rejects it
        Assert.Contains("malformed.gif: INVALID: what was signed breaks a rule of the spec (not tampering); content intact", output, StringComparison.Ordinal);
        Assert.Contains("integrity:   intact", output, StringComparison.Ordinal);
        Assert.Contains("conformance: NOT WELL-FORMED", output, StringComparison.Ordinal);
        Assert.Contains("failed:      assertion.action.malformed", output, StringComparison.Ordinal);
        Assert.DoesNotContain("TAMPERED", output, StringComparison.Ordinal);
        var axes = JsonNode.Parse(json)!["axes"]!;
        Assert.Equal("intact", axes["integrity"]!.GetValue<string>());
        Assert.Equal("nonconforming", axes["conformance"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_changed_byte_is_tampering_and_not_a_conformance_failure()
    {
        var file = await SignWellFormedAsync("changed.gif");
        var bytes = await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken);
        bytes[^4] ^= 0x01; // a byte of the image data, which the data hash covers
        await File.WriteAllBytesAsync(file, bytes, TestContext.Current.CancellationToken);

        var (code, output, _) = await VerifyTrustingTheTestRootAsync(file);
        var (_, json, _) = await VerifyTrustingTheTestRootAsync("--json-lines", file);

        Assert.Equal(ExitCodes.Invalid, code);
        Assert.Contains("changed.gif: INVALID: content TAMPERED (something changed after signing)", output, StringComparison.Ordinal);
        Assert.Contains("integrity:   TAMPERED", output, StringComparison.Ordinal);
        Assert.Contains("conformance: well-formed", output, StringComparison.Ordinal);
        Assert.Contains("failed:      assertion.dataHash.mismatch", output, StringComparison.Ordinal);
        var axes = JsonNode.Parse(json)!["axes"]!;
        Assert.Equal("tampered", axes["integrity"]!.GetValue<string>());
        Assert.Equal("conforming", axes["conformance"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_intact_file_whose_signer_is_on_no_list_is_valid_and_says_so()
    {
        var file = await SignWellFormedAsync("unlisted.gif");

        var (code, output, _) = await CliRunner.RunAsync("verify", file, "--at", At, "--no-default-trust");
        var (defaultCode, withDefaults, _) = await CliRunner.RunAsync("verify", file, "--at", At);

        Assert.Equal(ExitCodes.ValidUntrusted, defaultCode);
        Assert.Contains("trust:       signed by MediaTrust Test, not on the trust lists in use (C2PA Trust List 2026-08-05); content intact", withDefaults, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.ValidUntrusted, code);
        Assert.Contains("unlisted.gif: VALID: signed by MediaTrust Test, not on the trust lists in use; content intact (embedded manifest)", output, StringComparison.Ordinal);
        Assert.Contains("trust:       signed by MediaTrust Test, not on the trust lists in use (none: no trust list is in use); content intact", output, StringComparison.Ordinal);
        Assert.DoesNotContain("INVALID", output, StringComparison.Ordinal);
        Assert.DoesNotContain("failed:", output, StringComparison.Ordinal);
    }
}
