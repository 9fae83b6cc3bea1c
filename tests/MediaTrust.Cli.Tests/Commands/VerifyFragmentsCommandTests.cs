using System.Text.Json.Nodes;
using MediaTrust.Testing;

namespace MediaTrust.Cli.Commands;

public sealed class VerifyFragmentsCommandTests
{
    [Trait("Category", "Corpus")]
    [Fact]
    public async Task Verifies_a_fragmented_mp4_init_segment_with_its_fragments()
    {
        var init = SharedFolder.RequireCorpusFile("c2pa-rs/sdk/tests/fixtures/dashinit.mp4");
        SharedFolder.RequireCorpusFile("c2pa-rs/sdk/tests/fixtures/dash1.m4s");

        var (code, output, error) = await CliRunner.RunAsync("verify", init, "--fragments", "dash1.m4s", "--json-lines");

        Assert.True(code == ExitCodes.ValidUntrusted, error + output);
        var line = JsonNode.Parse(output)!;
        Assert.Equal("valid", line["state"]!.GetValue<string>());
        Assert.Equal("intact", line["axes"]!["integrity"]!.GetValue<string>().ToLowerInvariant());
    }

    [Fact]
    public async Task Fragments_take_exactly_one_init_segment()
    {
        var (code, _, error) = await CliRunner.RunAsync("verify", "a.mp4", "b.mp4", "--fragments", "*.m4s");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("exactly one PATH", error, StringComparison.Ordinal);
    }

    [Trait("Category", "Corpus")]
    [Fact]
    public async Task A_glob_that_matches_nothing_is_an_error_for_that_file()
    {
        var init = SharedFolder.RequireCorpusFile("c2pa-rs/sdk/tests/fixtures/dashinit.mp4");

        var (code, _, _) = await CliRunner.RunAsync("verify", init, "--fragments", "nothing-*.m4s");

        Assert.Equal(ExitCodes.Error, code);
    }
}
