namespace MediaTrust.Cli.Commands;

public sealed class SignCommandTests : IDisposable
{
    private static readonly byte[] TinyGif =
    [
        .."GIF89a"u8, 1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF,
        0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3B,
    ];

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("mediatrust-sign-");

    private string PathOf(string name) => Path.Combine(_directory.FullName, name);

    private async Task<string> SetUpAsync(string signerFields = "")
    {
        await CliRunner.RunAsync("cert", "init", PathOf("pki"));
        await File.WriteAllBytesAsync(PathOf("in.gif"), TinyGif, TestContext.Current.CancellationToken);
        var manifest = PathOf("manifest.json");
        await File.WriteAllTextAsync(manifest, $$"""
            { {{signerFields}}
              "claim_generator_info": [{ "name": "cli tests" }], "title": "in.gif",
              "assertions": [{ "label": "c2pa.actions.v2", "data": { "actions": [{ "action": "c2pa.created",
                "digitalSourceType": "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture" }] } }] }
            """, TestContext.Current.CancellationToken);
        return manifest;
    }

    [Fact]
    public async Task Signs_with_key_and_chain_options()
    {
        var manifest = await SetUpAsync();

        var (code, output, error) = await CliRunner.RunAsync("sign", PathOf("in.gif"), "-m", manifest, "-o", PathOf("out.gif"),
            "--key", PathOf("pki/signer.key"), "--cert", PathOf("pki/chain.pem"));

        Assert.True(code == ExitCodes.Ok, error);
        Assert.Contains("urn:c2pa:", output, StringComparison.Ordinal);
        var signed = await File.ReadAllBytesAsync(PathOf("out.gif"), TestContext.Current.CancellationToken);
        Assert.True(signed.Length > TinyGif.Length + 1000);
        Assert.Contains("C2PA_GIF", System.Text.Encoding.ASCII.GetString(signed), StringComparison.Ordinal);
        Assert.Equal(TinyGif, await File.ReadAllBytesAsync(PathOf("in.gif"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Reads_the_key_from_the_definition_like_c2patool()
    {
        var manifest = await SetUpAsync("""  "private_key": "pki/signer.key", "sign_cert": "pki/chain.pem", "alg": "es256", """);

        var (code, _, error) = await CliRunner.RunAsync("sign", PathOf("in.gif"), "-m", manifest, "-o", PathOf("out.gif"));

        Assert.True(code == ExitCodes.Ok, error);
    }

    [Fact]
    public async Task Sidecar_mode_leaves_the_asset_unchanged()
    {
        var manifest = await SetUpAsync();

        var (code, _, error) = await CliRunner.RunAsync("sign", PathOf("in.gif"), "-m", manifest, "-o", PathOf("out.gif"),
            "--key", PathOf("pki/signer.key"), "--cert", PathOf("pki/chain.pem"), "--sidecar");

        Assert.True(code == ExitCodes.Ok, error);
        Assert.Equal(TinyGif, await File.ReadAllBytesAsync(PathOf("out.gif"), TestContext.Current.CancellationToken));
        var store = await File.ReadAllBytesAsync(PathOf("out.c2pa"), TestContext.Current.CancellationToken);
        Assert.Equal("jumb"u8.ToArray(), store[4..8]);
    }

    [Fact]
    public async Task A_failed_sign_leaves_no_output_and_the_original_intact()
    {
        var manifest = await SetUpAsync();
        // The signer's key does not match the chain's certificate: a wrong-key setup fails before any write lands.
        await File.WriteAllBytesAsync(PathOf("out.gif"), [1, 2, 3], TestContext.Current.CancellationToken);

        var (code, _, error) = await CliRunner.RunAsync("sign", PathOf("in.gif"), "-m", manifest, "-o", PathOf("out.gif"), "-f",
            "--key", PathOf("pki/tsa.key"), "--cert", PathOf("pki/chain.pem"));

        Assert.Equal(ExitCodes.Error, code);
        Assert.StartsWith("error:", error, StringComparison.Ordinal);
        Assert.Equal([1, 2, 3], await File.ReadAllBytesAsync(PathOf("out.gif"), TestContext.Current.CancellationToken));
        Assert.Empty(_directory.GetFiles("*.tmp"));
    }

    [Fact]
    public async Task Refuses_to_overwrite_without_force()
    {
        var manifest = await SetUpAsync();
        await File.WriteAllBytesAsync(PathOf("out.gif"), [1], TestContext.Current.CancellationToken);

        var (code, _, error) = await CliRunner.RunAsync("sign", PathOf("in.gif"), "-m", manifest, "-o", PathOf("out.gif"),
            "--key", PathOf("pki/signer.key"), "--cert", PathOf("pki/chain.pem"));

        Assert.Equal(ExitCodes.Error, code);
        Assert.Contains("--force", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_key_is_a_usage_error()
    {
        var manifest = await SetUpAsync();

        var (code, _, error) = await CliRunner.RunAsync("sign", PathOf("in.gif"), "-m", manifest, "-o", PathOf("out.gif"));

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--key", error, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Delete(recursive: true);
}
