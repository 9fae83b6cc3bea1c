using System.Text.Json.Nodes;

namespace MediaTrust.Cli.Commands;

public sealed class IndicatorsCommandTests : IDisposable
{
    private readonly TrustTestAssets _assets = new();

    public void Dispose() => _assets.Dispose();

    [Fact]
    public async Task Signed_asset_with_trust_anchors_prints_a_trusted_indicator_set()
    {
        var file = await _assets.SignedAsync("ai.gif", TrustTestAssets.GenAi);

        var (code, output, error) = await CliRunner.RunAsync("indicators", file, "--trust-anchors", _assets.RootPem(), "--at", TrustTestAssets.At);

        Assert.True(code == ExitCodes.Ok, error);
        var indicators = JsonNode.Parse(output)!.AsObject();
        Assert.Equal("https://jpeg.org/jpegtrust", indicators["@context"]![0]!.GetValue<string>());
        Assert.Equal("sha256", indicators["asset_info"]!["alg"]!.GetValue<string>());
        Assert.Equal(32, Convert.FromBase64String(indicators["asset_info"]!["hash"]!.GetValue<string>()).Length);
        var active = indicators["manifests"]!.AsArray().Single()!;
        Assert.StartsWith("urn:c2pa:", active["label"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("claimSignature.validated", active["status"]!["signature"]!.GetValue<string>());
        Assert.Equal("assertion.dataHash.match", active["status"]!["content"]!.GetValue<string>());
        Assert.Equal("signingCredential.trusted", active["status"]!["trust"]!.GetValue<string>());
        Assert.Equal(TrustTestAssets.GenAi, active["assertions"]!["c2pa.actions.v2"]!["actions"]![0]!["digitalSourceType"]!.GetValue<string>());
        Assert.Equal("gif", indicators["content"]!["fileType"]!.GetValue<string>().ToLowerInvariant());
        Assert.True(indicators["extras:validation_status"]!["isValid"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Without_anchors_the_signer_is_untrusted()
    {
        var file = await _assets.SignedAsync("ai.gif", TrustTestAssets.GenAi);

        var (code, output, error) = await CliRunner.RunAsync("indicators", file, "--at", TrustTestAssets.At);

        Assert.True(code == ExitCodes.Ok, error);
        Assert.Equal("signingCredential.untrusted", JsonNode.Parse(output)!["manifests"]![0]!["status"]!["trust"]!.GetValue<string>());
    }

    [Fact]
    public async Task Asset_without_provenance_has_no_manifests()
    {
        var (code, output, error) = await CliRunner.RunAsync("indicators", _assets.Unsigned());

        Assert.True(code == ExitCodes.Ok, error);
        var indicators = JsonNode.Parse(output)!;
        Assert.Empty(indicators["manifests"]!.AsArray());
        Assert.Equal(1, indicators["content"]!["imageWidth"]!.GetValue<int>());
    }

    [Fact]
    public async Task Missing_file_is_a_usage_error()
    {
        var (code, output, error) = await CliRunner.RunAsync("indicators", _assets.PathOf("nope.gif"));

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Empty(output);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreadable_trust_anchor_file_is_a_usage_error()
    {
        var (code, output, error) = await CliRunner.RunAsync("indicators", _assets.Unsigned(), "--trust-anchors", _assets.PathOf("none.pem"));

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Empty(output);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
    }
}
