using System.Text;
using System.Text.Json.Nodes;

namespace MediaTrust.TrustProfiles;

/// <summary>Hostile and broken profiles: each is a clear <see cref="ProfileException"/>, never another exception, hang or blow-up.</summary>
public sealed class ProfileLoaderTests : IDisposable
{
    private const string Info = "profile_metadata:\n  name: test\n  version: 1.0.0\n";

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("mediatrust-profiles-");

    public void Dispose() => _directory.Delete(recursive: true);

    private string Write(string name, string yaml)
    {
        var path = Path.Combine(_directory.FullName, name);
        File.WriteAllText(path, yaml);
        return path;
    }

    [Fact]
    public void Include_cycle_names_every_file_of_the_cycle()
    {
        var a = Write("a.yml", Info + "include: [b.yml]\n---\n- id: a\n  expression: 'true'\n");
        var b = Write("b.yml", Info + "include: [a.yml]\n---\n- id: b\n  expression: 'true'\n");
        var e = Assert.Throws<ProfileException>(() => TrustProfile.Load(a));
        Assert.Contains("include cycle", e.Message, StringComparison.Ordinal);
        Assert.Contains($"{a} -> {b} -> {a}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Self_include_is_a_cycle()
    {
        var a = Write("self.yml", Info + "include: [./self.yml]\n");
        var e = Assert.Throws<ProfileException>(() => TrustProfile.Load(a));
        Assert.Contains($"include cycle: {a} -> {a}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Diamond_include_is_not_a_cycle()
    {
        Write("common.yml", Info + "---\n- id: common\n  expression: 'true'\n");
        Write("left.yml", Info + "include: [common.yml]\n");
        Write("right.yml", Info + "include: [common.yml]\n");
        var top = TrustProfile.Load(Write("top.yml", Info + "include: [left.yml, right.yml]\n---\n- id: top\n  expression: 'true'\n"));
        Assert.Equal(3, top.Sections.Count); // its own, then common via left, then common via right
    }

    [Fact]
    public void Missing_include_names_the_including_file_and_the_missing_one()
    {
        var a = Write("a.yml", Info + "include: [missing.yml]\n");
        var e = Assert.Throws<ProfileException>(() => TrustProfile.Load(a));
        Assert.StartsWith($"{a}: cannot read include {Path.Combine(_directory.FullName, "missing.yml")}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_profile_file()
    {
        var e = Assert.Throws<ProfileException>(() => TrustProfile.Load(Path.Combine(_directory.FullName, "nope.yml")));
        Assert.StartsWith("Cannot read profile ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Include_that_is_not_a_path()
    {
        var e = Assert.Throws<ProfileException>(() => TrustProfile.Parse(Info + "include: [{a: 1}]\n"));
        Assert.Equal("<profile>: every include must be a file path", e.Message);
    }

    [Theory]
    [InlineData("profile_metadata: [unclosed\n", 1)]
    [InlineData("a: 1\n  b: 2\n", 2)]
    [InlineData("---\n- id: x\n  expression: \"unterminated\n", 3)]
    public void Malformed_yaml_gives_the_line(string yaml, int line)
    {
        var e = Assert.Throws<ProfileException>(() => TrustProfile.Parse(yaml, source: "bad.yml"));
        Assert.StartsWith("bad.yml: invalid YAML at line ", e.Message, StringComparison.Ordinal);
        var reported = int.Parse(e.Message["bad.yml: invalid YAML at line ".Length..].Split(',')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(reported, line, line + 1);
    }

    [Fact]
    public void Section_that_is_not_a_sequence()
    {
        var e = Assert.Throws<ProfileException>(() => TrustProfile.Parse(Info + "---\nid: x\n"));
        Assert.Equal("<profile>: a section must be a YAML sequence of statements and blocks, found Object", e.Message);
    }

    [Fact]
    public void Alias_bomb_hits_the_node_cap()
    {
        // "Billion laughs": 9 levels of 10 aliases each expand to 10^9 nodes from a few hundred bytes.
        var yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i <= 9; i++)
        {
            var p = "*a" + (i - 1);
            yaml.Append(System.Globalization.CultureInfo.InvariantCulture, $"a{i}: &a{i} [{p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}]\n");
        }

        Assert.True(yaml.Length < 1000);
        var e = Assert.Throws<ProfileException>(() => TrustProfile.Parse(yaml.ToString(), source: "bomb.yml"));
        Assert.StartsWith($"bomb.yml: the YAML expands to more than {YamlJson.MaxNodes} nodes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deep_nesting_hits_the_depth_cap()
    {
        var depth = YamlJson.MaxDepth + 10;
        var yaml = new string('[', depth) + new string(']', depth);
        var e = Assert.Throws<ProfileException>(() => TrustProfile.Parse(yaml, source: "deep.yml"));
        Assert.Contains("deep.yml: the YAML nests deeper than", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Oversized_profile_text_and_file_are_refused_before_parsing()
    {
        var big = Info + "# " + new string('x', TrustProfile.MaxProfileLength) + "\n";
        var e = Assert.Throws<ProfileException>(() => TrustProfile.Parse(big, source: "big.yml"));
        Assert.Equal($"big.yml: the profile is larger than {TrustProfile.MaxProfileLength} characters", e.Message);

        var path = Write("big.yml", big);
        var included = Write("includes-big.yml", Info + "include: [big.yml]\n");
        Assert.Equal($"{path}: the profile is larger than {TrustProfile.MaxProfileLength} bytes", Assert.Throws<ProfileException>(() => TrustProfile.Load(path)).Message);
        Assert.Equal($"{included}: include {path} is larger than {TrustProfile.MaxProfileLength} bytes", Assert.Throws<ProfileException>(() => TrustProfile.Load(included)).Message);
    }

    [Fact]
    public void Statement_whose_expression_errors_is_recorded_and_evaluation_goes_on()
    {
        var profile = TrustProfile.Parse(Info + """
            ---
            - id: broken_syntax
              expression: 'manifests[0'
            - id: broken_call
              expression: 'noSuchFunction(@)'
            - id: fine
              expression: 'length(manifests)'
            - id: jpt:profile_compliance
              expression: '@.profile.fine == `2`'
            """);
        var indicators = JsonNode.Parse("""{"manifests": [{}, {}]}""")!.AsObject();
        var report = new ProfileEvaluator(new ProfileEvaluatorOptions { Now = ProfileEvaluatorCorpusTests.PinnedNow }).Evaluate(profile, indicators, TestContext.Current.CancellationToken);

        var statements = report.Sections.SelectMany(s => s).ToDictionary(s => s["id"]!.ToString());
        Assert.Equal(2, report.ErrorCount);
        Assert.Equal("SyntaxError", statements["broken_syntax"]["error"]!["kind"]!.ToString());
        Assert.Equal("FunctionError", statements["broken_call"]["error"]!["kind"]!.ToString());
        Assert.NotEmpty(statements["broken_call"]["error"]!["message"]!.ToString());
        Assert.Equal(2d, statements["fine"]["value"]!.GetValue<double>()); // json-formula numbers are doubles
        Assert.True(report.Compliance);
    }
}
