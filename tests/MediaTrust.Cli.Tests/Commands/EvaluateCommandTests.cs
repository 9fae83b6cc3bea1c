using System.Text.Json.Nodes;

namespace MediaTrust.Cli.Commands;

public sealed class EvaluateCommandTests : IDisposable
{
    private readonly TrustTestAssets _assets = new();

    public void Dispose() => _assets.Dispose();

    private string Write(string name, string text)
    {
        File.WriteAllText(_assets.PathOf(name), text);
        return _assets.PathOf(name);
    }

    /// <summary>A profile whose verdict depends on now(): compliant before 2027.</summary>
    private string DatedProfile() => Write("dated.yml", """
        profile_metadata: { name: dated, version: 2.0.0 }
        ---
        - id: today
          expression: 'year(now()) * 10000 + month(now()) * 100 + day(now())'
        - id: jpt:profile_compliance
          expression: '@.profile.today < `20270101` && length(manifests) > `0`'
          report_text:
            "true": { en: "Evaluated on {{ expr \"@.profile.today\" }} over {{ expr \"length(manifests)\" }} manifest(s)." }
            "false": { en: "Too late, or no manifest." }
        """);

    private static Dictionary<string, JsonNode> Statements(string json) =>
        JsonNode.Parse(json)!["statements"]!.AsArray().SelectMany(s => s!.AsArray()).ToDictionary(s => s!["id"]!.GetValue<string>(), s => s!);

    [Fact]
    public async Task Now_is_pinned_and_compliance_gives_exit_0()
    {
        var indicators = Write("i.json", """{ "@context": ["https://jpeg.org/jpegtrust/"], "manifests": [ { "label": "urn:c2pa:x" } ] }""");

        var (code, output, error) = await CliRunner.RunAsync("evaluate", "--profile", DatedProfile(), "--indicators", indicators, "--now", TrustTestAssets.At);

        Assert.True(code == ExitCodes.Ok, error);
        var statements = Statements(output);
        Assert.Equal(20260301d, statements["today"]["value"]!.GetValue<double>());
        Assert.Equal("Evaluated on 20260301 over 1 manifest(s).", statements["jpt:profile_compliance"]["report_text"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_later_now_changes_the_verdict_to_exit_1()
    {
        var indicators = Write("i.json", """{ "manifests": [ {} ] }""");

        var (code, output, error) = await CliRunner.RunAsync("evaluate", "-p", DatedProfile(), "-i", indicators, "--now", "2027-06-01T00:00:00Z", "-f", "text");

        Assert.True(code == ExitCodes.Invalid, error);
        Assert.Contains("Compliance: no", output, StringComparison.Ordinal);
        Assert.Contains("today = 20270601", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluates_the_output_of_the_indicators_command()
    {
        var file = await _assets.SignedAsync("ai.gif", TrustTestAssets.GenAi);
        var (_, json, _) = await CliRunner.RunAsync("indicators", file, "--at", TrustTestAssets.At);
        var indicators = Write("ai.json", json);

        var (code, output, error) = await CliRunner.RunAsync("evaluate", "-p", TrustTestAssets.Profile("ai-disclosure.yml"), "-i", indicators, "--now", TrustTestAssets.At, "-f", "yaml");

        Assert.True(code == ExitCodes.Ok, error);
        Assert.StartsWith("profile_metadata:", output, StringComparison.Ordinal);
        Assert.Contains("This asset discloses that it was produced by generative AI.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Profile_without_a_compliance_statement_exits_0()
    {
        var profile = Write("plain.yml", "profile_metadata: { name: plain }\n---\n- id: count\n  expression: 'length(manifests)'\n");
        var indicators = Write("i.json", """{ "manifests": [] }""");

        var (code, output, error) = await CliRunner.RunAsync("evaluate", "-p", profile, "-i", indicators, "--now", TrustTestAssets.At);

        Assert.True(code == ExitCodes.Ok, error);
        Assert.Equal(0d, Statements(output)["count"]["value"]!.GetValue<double>());
    }

    [Fact]
    public async Task Bad_now_is_a_usage_error()
    {
        var (code, output, error) = await CliRunner.RunAsync("evaluate", "-p", DatedProfile(), "-i", Write("i.json", "{}"), "--now", "yesterday");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Empty(output);
        Assert.Equal("error: --now: 'yesterday' is not a date and time (use ISO 8601)", error.Trim());
    }

    [Fact]
    public async Task Malformed_indicator_json_is_a_usage_error()
    {
        var (code, output, error) = await CliRunner.RunAsync("evaluate", "-p", DatedProfile(), "-i", Write("bad.json", "{ \"manifests\": [ "), "--now", TrustTestAssets.At);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Empty(output);
        Assert.StartsWith("error: bad.json: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_indicators_option_is_a_usage_error()
    {
        var (code, _, _) = await CliRunner.RunAsync("evaluate", "-p", DatedProfile());

        Assert.Equal(ExitCodes.Usage, code);
    }

    [Fact]
    public async Task Malformed_profile_exits_3()
    {
        var profile = Write("bad.yml", "profile_metadata: [unclosed\n");

        var (code, output, error) = await CliRunner.RunAsync("evaluate", "-p", profile, "-i", Write("i.json", "{}"), "--now", TrustTestAssets.At);

        Assert.Equal(ExitCodes.Error, code);
        Assert.Empty(output);
        Assert.Contains("bad.yml: invalid YAML at line ", error, StringComparison.Ordinal);
    }
}
