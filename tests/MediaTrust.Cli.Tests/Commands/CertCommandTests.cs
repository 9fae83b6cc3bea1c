namespace MediaTrust.Cli.Commands;

public sealed class CertCommandTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("mediatrust-cert-");

    [Theory]
    [InlineData("es256")]
    [InlineData("ps256")]
    [InlineData("ed25519")]
    public async Task Init_writes_a_pki_whose_signer_passes_the_profile(string alg)
    {
        var (code, output, _) = await CliRunner.RunAsync("cert", "init", _directory.FullName, "--alg", alg);

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("c2pa-kp-claimSigning", output, StringComparison.Ordinal);
        foreach (var file in new[] { "root.pem", "signer.pem", "signer.key", "chain.pem", "tsa.pem", "ocsp.pem" })
        {
            Assert.True(File.Exists(Path.Combine(_directory.FullName, file)), file);
        }

        var check = await CliRunner.RunAsync("cert", "check", Path.Combine(_directory.FullName, "signer.pem"));
        Assert.Equal(ExitCodes.Ok, check.ExitCode);
        Assert.DoesNotContain("FAIL", check.Output, StringComparison.Ordinal);
        var tsa = await CliRunner.RunAsync("cert", "check", Path.Combine(_directory.FullName, "tsa.pem"), "--purpose", "tsa");
        Assert.Equal(ExitCodes.Ok, tsa.ExitCode);
    }

    [Fact]
    public async Task Check_names_the_rules_a_ca_certificate_fails_as_a_signer()
    {
        await CliRunner.RunAsync("cert", "init", _directory.FullName);

        var (code, output, _) = await CliRunner.RunAsync("cert", "check", Path.Combine(_directory.FullName, "root.pem"));

        Assert.Equal(ExitCodes.Invalid, code);
        Assert.Contains("FAIL  extendedKeyUsage", output, StringComparison.Ordinal);
        Assert.Contains("signingCredential.invalid", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Init_refuses_to_overwrite_without_force()
    {
        await CliRunner.RunAsync("cert", "init", _directory.FullName);

        var (code, _, error) = await CliRunner.RunAsync("cert", "init", _directory.FullName);

        Assert.Equal(ExitCodes.Error, code);
        Assert.Contains("--force", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_reports_an_unreadable_certificate()
    {
        var path = Path.Combine(_directory.FullName, "junk.pem");
        await File.WriteAllTextAsync(path, "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n", TestContext.Current.CancellationToken);

        var (code, _, error) = await CliRunner.RunAsync("cert", "check", path);

        Assert.Equal(ExitCodes.Error, code);
        Assert.Contains("cannot read a certificate", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_options_are_usage_errors()
    {
        var (code, _, error) = await CliRunner.RunAsync("cert", "init", _directory.FullName, "--alg", "rs256");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("unknown algorithm", error, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Delete(recursive: true);
}
