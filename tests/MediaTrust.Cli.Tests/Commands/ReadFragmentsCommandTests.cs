using System.Text.Json.Nodes;
using MediaTrust.Testing;

namespace MediaTrust.Cli.Commands;

/// <summary><c>read INIT --fragments GLOB</c> and <c>read --fetch-remote</c>.</summary>
public sealed class ReadFragmentsCommandTests
{
    [Trait("Category", "Corpus")]
    [Fact]
    public async Task Fragments_glob_validates_the_init_segment_with_its_fragments()
    {
        var init = SharedFolder.RequireCorpusFile("c2pa-rs/sdk/tests/fixtures/dashinit.mp4");
        var (code, stdout, _) = await CliRunner.RunAsync("read", init, "--fragments", "dash*.m4s", "--at", "2024-06-01T00:00:00Z");
        Assert.Equal(0, code);
        var results = JsonNode.Parse(stdout)!["validation_results"]!["activeManifest"]!;
        Assert.Contains(results["success"]!.AsArray(), n => n!["code"]!.GetValue<string>() == "assertion.bmffHash.match");
        Assert.Equal("Valid", JsonNode.Parse(stdout)!["validation_state"]!.GetValue<string>());

        var (missing, _, error) = await CliRunner.RunAsync("read", init, "--fragments", "none*.m4s");
        Assert.Equal(64, missing);
        Assert.Contains("none*.m4s", error, StringComparison.Ordinal);
    }

    [Trait("Category", "Corpus")]
    [Fact]
    public async Task Remote_reference_without_fetch_names_the_url()
    {
        var file = SharedFolder.RequireCorpusFile("c2pa-rs/sdk/tests/fixtures/cloud.jpg");
        var (code, _, error) = await CliRunner.RunAsync("read", file);
        Assert.Equal(2, code);
        Assert.Contains("https://cai-manifests.adobe.com/manifests/adobe-urn-uuid-5f37e182-3687-462e-a7fb-573462780391", error, StringComparison.Ordinal);
    }
}
