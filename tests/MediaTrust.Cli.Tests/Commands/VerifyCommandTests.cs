using System.Text.Json.Nodes;
using MediaTrust.Testing;

namespace MediaTrust.Cli.Commands;

public sealed class VerifyCommandTests
{
    private const string Media = "c2pa-extension-validator/test/media/";
    private const string At = "2024-06-01T00:00:00Z";

    private static string Anchors => SharedFolder.RequireCorpusFile("c2pa-extension-validator/test/trusted/root_CA.crt");

    [Trait("Category", "Corpus")]
    [Fact]
    public async Task A_trusted_file_exits_0_with_its_signer_and_axes_in_words()
    {
        var file = SharedFolder.RequireCorpusFile(Media + "cards_trusted.jpg");

        var (code, output, _) = await CliRunner.RunAsync("verify", file, "--trust-anchors", Anchors, "--at", At);

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("TRUSTED (embedded manifest)", output, StringComparison.Ordinal);
        Assert.Contains("Test Signer (C2PA Extension Validator)", output, StringComparison.Ordinal);
        Assert.Contains("integrity:   intact", output, StringComparison.Ordinal);
        Assert.Contains("trust:       trusted", output, StringComparison.Ordinal);
    }

    [Trait("Category", "Corpus")]
    [Fact]
    public async Task An_untrusted_signer_exits_4_and_is_not_called_tampering()
    {
        var file = SharedFolder.RequireCorpusFile(Media + "cards_trusted.jpg");

        var (code, output, _) = await CliRunner.RunAsync("verify", file, "--at", At);

        Assert.Equal(ExitCodes.ValidUntrusted, code);
        Assert.Contains("integrity:   intact", output, StringComparison.Ordinal);
        Assert.Contains("trust:       signed by C2PA Extension Validator, not on the trust lists in use (C2PA Trust List 2026-08-05); content intact", output, StringComparison.Ordinal);
    }

    [Trait("Category", "Corpus")]
    [Fact]
    public async Task A_real_file_intact_but_signed_by_no_listed_signer_is_valid_under_default_trust()
    {
        // No file of the corpus chains to the official C2PA lists yet (their signers predate them); this real capture, intact and
        // signed with a certificate valid at the pinned time, must read as what it is under the default trust: never INVALID.
        var file = SharedFolder.RequireCorpusFile("c2pa-video-player/react-c2pa-player/public/mp4s/PTS_TRUSTED_sony_official_cawg_wdr.mp4");

        var (code, output, _) = await CliRunner.RunAsync("verify", file, "--at", "2026-12-01T00:00:00Z");

        Assert.Equal(ExitCodes.ValidUntrusted, code);
        Assert.Contains("VALID: signed by European Broadcasting Union, not on the trust lists in use; content intact", output, StringComparison.Ordinal);
        Assert.Contains("trust:       signed by European Broadcasting Union, not on the trust lists in use (C2PA Trust List 2026-08-05); content intact", output, StringComparison.Ordinal);
        Assert.Contains("(timeStamp.untrusted)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("INVALID", output, StringComparison.Ordinal);
    }

    [Trait("Category", "Corpus")]
    [Fact]
    public async Task Without_default_trust_no_list_is_in_use_and_a_trusted_verdict_names_its_list()
    {
        var file = SharedFolder.RequireCorpusFile(Media + "cards_trusted.jpg");

        var (code, output, _) = await CliRunner.RunAsync("verify", file, "--at", At, "--no-default-trust");
        var (trustedCode, trusted, _) = await CliRunner.RunAsync("verify", file, "--at", At, "--no-default-trust", "--trust-anchors", Anchors);
        var (_, json, _) = await CliRunner.RunAsync("verify", "--json-lines", file, "--at", At, "--trust-anchors", Anchors);

        Assert.Equal(ExitCodes.ValidUntrusted, code);
        Assert.Contains("not on the trust lists in use (none: no trust list is in use); content intact", output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, trustedCode);
        Assert.Contains($"trust:       trusted: C2PA Extension Validator, on your list '{Path.GetFileName(Anchors)}'", trusted, StringComparison.Ordinal);
        Assert.Contains("\"decidedBy\":{\"name\":\"" + Path.GetFileName(Anchors), json, StringComparison.Ordinal);
        Assert.Contains("{\"name\":\"C2PA Trust List\",\"kind\":\"official\",\"issued\":\"2026-08-05T00:11:39.0000000+00:00\"}", json, StringComparison.Ordinal);
    }

    [Trait("Category", "Corpus")]
    [Fact]
    public async Task Json_lines_give_one_object_per_file_with_axes_signer_failures_and_engine()
    {
        var trusted = SharedFolder.RequireCorpusFile(Media + "cards_trusted.jpg");
        var expired = SharedFolder.RequireCorpusFile(Media + "cards_expired_without_timestamp.jpg");

        var (code, output, _) = await CliRunner.RunAsync("verify", "--json-lines", trusted, expired, "--trust-anchors", Anchors, "--at", "2025-01-01T00:00:00Z");

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToDictionary(j => Path.GetFileName(j["path"]!.GetValue<string>()));
        Assert.Equal(2, lines.Count);
        Assert.Equal(ExitCodes.Invalid, code); // worst wins: the expired signer is invalid
        var bad = lines["cards_expired_without_timestamp.jpg"];
        Assert.Equal("invalid", bad["state"]!.GetValue<string>());
        Assert.Equal("intact", bad["axes"]!["integrity"]!.GetValue<string>());
        Assert.Equal("claimSignature.outsideValidity", bad["failures"]![0]!["code"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(bad["failures"]![0]!["explanation"]!.GetValue<string>()));
        Assert.StartsWith("MediaTrust ", bad["engine"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("Test Expired Signer", bad["signer"]!["commonName"]!.GetValue<string>());
        Assert.Equal("trusted", lines["cards_trusted.jpg"]["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_folder_without_manifests_exits_2_and_prints_a_summary_table()
    {
        var directory = Directory.CreateTempSubdirectory("mediatrust-verify-");
        try
        {
            Directory.CreateDirectory(Path.Combine(directory.FullName, "sub"));
            await File.WriteAllBytesAsync(Path.Combine(directory.FullName, "a.jpg"), Convert.FromHexString("FFD8FFD9"), TestContext.Current.CancellationToken);
            await File.WriteAllBytesAsync(Path.Combine(directory.FullName, "sub", "b.jpg"), Convert.FromHexString("FFD8FFD9"), TestContext.Current.CancellationToken);

            var flat = await CliRunner.RunAsync("verify", directory.FullName);
            var deep = await CliRunner.RunAsync("verify", "--recursive", directory.FullName);

            Assert.Equal(ExitCodes.NoManifest, flat.ExitCode);
            Assert.Contains("NO MANIFEST", flat.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("b.jpg", flat.Output, StringComparison.Ordinal);
            Assert.Contains("b.jpg", deep.Output, StringComparison.Ordinal);
            Assert.Matches(@"no-manifest\s*│\s*2", deep.Output);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Trait("Category", "Corpus")]
    [Fact]
    public async Task The_worst_outcome_wins_error_over_everything()
    {
        var directory = Directory.CreateTempSubdirectory("mediatrust-verify-");
        try
        {
            var garbage = Path.Combine(directory.FullName, "garbage.bin");
            await File.WriteAllBytesAsync(garbage, [1, 2, 3, 4, 5], TestContext.Current.CancellationToken);
            var file = SharedFolder.RequireCorpusFile(Media + "cards_trusted.jpg");

            var (code, output, _) = await CliRunner.RunAsync("verify", file, garbage, "--at", At);

            Assert.Equal(ExitCodes.Error, code);
            Assert.Contains("garbage.bin: ERROR", output, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_missing_path_is_a_usage_error()
    {
        var (code, _, error) = await CliRunner.RunAsync("verify", "/nonexistent/file.jpg");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }
}
