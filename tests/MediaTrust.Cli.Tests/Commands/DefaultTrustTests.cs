using System.Text.Json.Nodes;

namespace MediaTrust.Cli.Commands;

/// <summary>
/// Issue #11's "done when": with no trust option, a photo signed under the (substitute) C2PA Trust List with a trusted
/// time-stamp, whose certificate has since expired, is Trusted, and every output names the list that decided.
/// </summary>
[Collection(nameof(ConfigDirectoryCollection))]
public sealed class DefaultTrustTests : IDisposable
{
    private const string Issued = "2026-09-01T00:00:00.0000000+00:00";

    private readonly OfficialListsFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task With_no_option_an_expired_signer_with_a_trusted_time_stamp_is_trusted_and_the_list_is_named()
    {
        var photo = await _fixture.SignedPhotoAsync();
        _fixture.InstallOfficialLists();

        var (code, output, _) = await CliRunner.RunAsync("verify", photo, "--at", OfficialListsFixture.At);
        var (without, withoutOutput, _) = await CliRunner.RunAsync("verify", photo, "--at", OfficialListsFixture.At, "--no-default-trust");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("photo.gif: TRUSTED (embedded manifest)", output, StringComparison.Ordinal);
        Assert.Contains("signed:      2025-06-01 10:00:00Z (trusted time-stamp)", output, StringComparison.Ordinal);
        Assert.Contains("trust:       trusted: Pixel Test Entity, on the C2PA Trust List (issued 2026-09-01)", output, StringComparison.Ordinal);
        Assert.Contains("time-stamp:  trusted", output, StringComparison.Ordinal);
        // The same file with no list at all: the time-stamp is not relied on and the certificate is checked at --at.
        Assert.Equal(ExitCodes.Invalid, without);
        Assert.Contains("time-stamp:  present but not relied on: its time-stamping authority is not on the TSA trust lists in use (timeStamp.untrusted)", withoutOutput, StringComparison.Ordinal);
        Assert.Contains("claimSignature.outsideValidity", withoutOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_lines_the_reader_json_and_the_indicator_set_carry_the_list_name_and_issue_date()
    {
        var photo = await _fixture.SignedPhotoAsync();
        _fixture.InstallOfficialLists();

        var (_, lines, _) = await CliRunner.RunAsync("verify", "--json-lines", photo, "--at", OfficialListsFixture.At);
        var (_, read, _) = await CliRunner.RunAsync("read", photo, "--at", OfficialListsFixture.At);
        var (_, indicators, _) = await CliRunner.RunAsync("indicators", photo, "--at", OfficialListsFixture.At);
        var indicatorsFile = Path.Combine(_fixture.Work.FullName, "indicators.json");
        await File.WriteAllTextAsync(indicatorsFile, indicators, TestContext.Current.CancellationToken);
        var (formulaCode, official, _) = await CliRunner.RunAsync("formula", "'extras:validation_status'.trust.decidedBy.kind == \"official\"", "--data", indicatorsFile);

        var verdict = JsonNode.Parse(lines)!["trust"]!;
        Assert.Equal("C2PA Trust List", verdict["decidedBy"]!["name"]!.GetValue<string>());
        Assert.Equal("official", verdict["decidedBy"]!["kind"]!.GetValue<string>());
        Assert.Equal(Issued, verdict["decidedBy"]!["issued"]!.GetValue<string>());
        Assert.Equal("Pixel Test Entity", verdict["decidedBy"]!["entity"]!.GetValue<string>());
        Assert.Equal(Issued, verdict["listsInUse"]![0]!["issued"]!.GetValue<string>());

        var reader = JsonNode.Parse(read)!["trust"]!;
        Assert.Equal("C2PA Trust List", reader["decided_by"]!["name"]!.GetValue<string>());
        Assert.Equal(Issued, reader["decided_by"]!["issued"]!.GetValue<string>());
        Assert.Equal("Pixel Test Entity", reader["decided_by"]!["entity"]!.GetValue<string>());

        var set = JsonNode.Parse(indicators)!["extras:validation_status"]!["trust"]!;
        Assert.Equal("C2PA Trust List", set["decidedBy"]!["name"]!.GetValue<string>());
        Assert.Equal(Issued, set["decidedBy"]!["issued"]!.GetValue<string>());
        Assert.Equal("C2PA Trust List", set["listsInUse"]![0]!["name"]!.GetValue<string>());
        Assert.Equal(ExitCodes.Ok, formulaCode);
        Assert.Equal("true", official.Trim());
    }

    [Fact]
    public async Task The_bundled_lists_are_named_in_every_output_when_the_signer_is_on_none()
    {
        // No list installed: the bundled lists are in use and say nothing about this signer.
        var photo = await _fixture.SignedPhotoAsync();

        var (_, lines, _) = await CliRunner.RunAsync("verify", "--json-lines", photo, "--at", "2025-06-01T12:00:00Z");
        var (_, indicators, _) = await CliRunner.RunAsync("indicators", photo, "--at", "2025-06-01T12:00:00Z");

        var verdict = JsonNode.Parse(lines)!["trust"]!;
        Assert.Null(verdict["decidedBy"]);
        Assert.Equal("C2PA Trust List", verdict["listsInUse"]![0]!["name"]!.GetValue<string>());
        Assert.Equal("2026-08-05T00:11:39.0000000+00:00", verdict["listsInUse"]![0]!["issued"]!.GetValue<string>());
        Assert.Equal("timeStamp.untrusted", verdict["timeStampNotReliedOn"]!["code"]!.GetValue<string>());
        var set = JsonNode.Parse(indicators)!["extras:validation_status"]!["trust"]!;
        Assert.Null(set["decidedBy"]);
        Assert.Equal("2026-08-05T00:11:39.0000000+00:00", set["listsInUse"]![0]!["issued"]!.GetValue<string>());
    }
}
