using MediaTrust.Testing;

namespace MediaTrust.Cli.Commands;

[Collection(nameof(ConfigDirectoryCollection))]
public sealed class TrustListCommandTests
{
    private const string At = "2024-12-01T00:00:00Z";

    [Fact]
    public async Task An_added_list_is_shown_used_by_default_and_removed()
    {
        var config = Directory.CreateTempSubdirectory("mediatrust-config-");
        var previous = Environment.GetEnvironmentVariable("MEDIATRUST_CONFIG_DIR");
        Environment.SetEnvironmentVariable("MEDIATRUST_CONFIG_DIR", config.FullName);
        try
        {
            var anchors = SharedFolder.RequireCorpusFile("c2pa-extension-validator/test/trusted/root_CA.crt");
            var file = SharedFolder.RequireCorpusFile("c2pa-extension-validator/test/media/cards_trusted.jpg");

            Assert.Equal(ExitCodes.Ok, (await CliRunner.RunAsync("trust-list", "add", "newsroom", anchors)).ExitCode);
            var (_, shown, _) = await CliRunner.RunAsync("trust-list", "show");
            var (code, verdict, _) = await CliRunner.RunAsync("verify", file, "--at", At);
            var (untrustedCode, _, _) = await CliRunner.RunAsync("verify", file, "--at", At, "--no-default-trust");
            Assert.Equal(ExitCodes.Ok, (await CliRunner.RunAsync("trust-list", "remove", "newsroom")).ExitCode);
            var (afterCode, after, _) = await CliRunner.RunAsync("verify", file, "--at", At);

            Assert.Contains("C2PA Trust List: official, bundled, issued 2026-08-05", shown, StringComparison.Ordinal);
            Assert.Contains("newsroom: your list", shown, StringComparison.Ordinal);
            Assert.Equal(ExitCodes.Ok, code);
            Assert.Contains("trusted: C2PA Extension Validator, on your list 'newsroom'", verdict, StringComparison.Ordinal);
            Assert.Equal(ExitCodes.ValidUntrusted, untrustedCode);
            Assert.Equal(ExitCodes.ValidUntrusted, afterCode);
            Assert.Contains("not on the trust lists in use (C2PA Trust List 2026-08-05)", after, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("MEDIATRUST_CONFIG_DIR", previous);
            config.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_file_without_certificates_is_not_added()
    {
        var config = Directory.CreateTempSubdirectory("mediatrust-config-");
        var previous = Environment.GetEnvironmentVariable("MEDIATRUST_CONFIG_DIR");
        Environment.SetEnvironmentVariable("MEDIATRUST_CONFIG_DIR", config.FullName);
        try
        {
            var junk = Path.Combine(config.FullName, "junk.pem");
            await File.WriteAllTextAsync(junk, "not a certificate", TestContext.Current.CancellationToken);

            var (code, _, error) = await CliRunner.RunAsync("trust-list", "add", "junk", junk);

            Assert.Equal(ExitCodes.Error, code);
            Assert.Contains("was not added", error, StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.Combine(config.FullName, "lists", "junk")));
        }
        finally
        {
            Environment.SetEnvironmentVariable("MEDIATRUST_CONFIG_DIR", previous);
            config.Delete(recursive: true);
        }
    }
}

/// <summary>Tests that set MEDIATRUST_CONFIG_DIR run one at a time, apart from the others.</summary>
[CollectionDefinition(nameof(ConfigDirectoryCollection), DisableParallelization = true)]
public sealed class ConfigDirectoryCollection;
