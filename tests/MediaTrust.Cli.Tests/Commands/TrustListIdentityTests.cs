using MediaTrust.Testing;

namespace MediaTrust.Cli.Commands;

/// <summary><c>trust-list add|show|remove --identity</c>: CAWG identity anchors kept apart from the C2PA lists (docs/cli.md).</summary>
[Collection(nameof(ConfigDirectoryCollection))]
public sealed class TrustListIdentityTests
{
    [Fact]
    public async Task An_identity_anchor_list_is_shown_used_for_identities_only_and_removed()
    {
        var config = Directory.CreateTempSubdirectory("mediatrust-config-");
        var previous = Environment.GetEnvironmentVariable("MEDIATRUST_CONFIG_DIR");
        Environment.SetEnvironmentVariable("MEDIATRUST_CONFIG_DIR", config.FullName);
        string PathOf(string name) => Path.Combine(config.FullName, name);
        try
        {
            // A GIF signed with a generated claim signer and a generated CAWG identity (as SignCommandTests).
            var cancellationToken = TestContext.Current.CancellationToken;
            await CliRunner.RunAsync("cert", "init", PathOf("pki"));
            await File.WriteAllBytesAsync(PathOf("in.gif"), [.. "GIF89a"u8, 1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF,
                0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3B], cancellationToken);
            await File.WriteAllTextAsync(PathOf("manifest.json"), """
                { "claim_generator_info": [{ "name": "cli tests" }], "title": "in.gif",
                  "assertions": [{ "label": "c2pa.actions.v2", "data": { "actions": [{ "action": "c2pa.created",
                    "digitalSourceType": "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture" }] } }] }
                """, cancellationToken);
            var identityPki = TestPki.Create(Cose.SigningAlgorithm.ES256, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1), "Identity Test");
            var identity = identityPki.IssueIdentitySigner("Jane Doe");
            await File.WriteAllTextAsync(PathOf("identity.key"), identity.PrivateKeyPem, cancellationToken);
            await File.WriteAllTextAsync(PathOf("identity.pem"), identity.CertificatePem + identityPki.Intermediate.CertificatePem, cancellationToken);
            await File.WriteAllTextAsync(PathOf("identity-root.pem"), identityPki.Root.CertificatePem, cancellationToken);
            var (signed, _, signError) = await CliRunner.RunAsync("sign", PathOf("in.gif"), "-m", PathOf("manifest.json"), "-o", PathOf("out.gif"),
                "--key", PathOf("pki/signer.key"), "--cert", PathOf("pki/chain.pem"),
                "--identity-key", PathOf("identity.key"), "--identity-cert", PathOf("identity.pem"), "--role", "cawg.creator");
            Assert.True(signed == ExitCodes.Ok, signError);

            var (added, addedText, _) = await CliRunner.RunAsync("trust-list", "add", "reporters", PathOf("identity-root.pem"), "--identity");
            var (_, shown, _) = await CliRunner.RunAsync("trust-list", "show");
            var (_, verified, _) = await CliRunner.RunAsync("verify", PathOf("out.gif"));
            var (_, withoutDefaults, _) = await CliRunner.RunAsync("verify", PathOf("out.gif"), "--no-default-trust");
            var (notThere, _, _) = await CliRunner.RunAsync("trust-list", "remove", "reporters");
            var (removed, _, _) = await CliRunner.RunAsync("trust-list", "remove", "reporters", "--identity");
            var (_, after, _) = await CliRunner.RunAsync("verify", PathOf("out.gif"));

            Assert.Equal(ExitCodes.Ok, added);
            Assert.Contains("CAWG identity anchor list 'reporters'", addedText, StringComparison.Ordinal);
            Assert.Contains("reporters: your CAWG identity anchors", shown, StringComparison.Ordinal);
            Assert.DoesNotContain("reporters: your list", shown, StringComparison.Ordinal);
            Assert.True(verified.Contains("Jane Doe (MediaTrust Test) as creator: verified", StringComparison.Ordinal), verified);
            Assert.Contains("Jane Doe (MediaTrust Test) as creator: not verified", withoutDefaults, StringComparison.Ordinal);
            Assert.Equal(ExitCodes.Error, notThere); // the C2PA lists are another folder
            Assert.Equal(ExitCodes.Ok, removed);
            Assert.Contains("Jane Doe (MediaTrust Test) as creator: not verified", after, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("MEDIATRUST_CONFIG_DIR", previous);
            config.Delete(recursive: true);
        }
    }
}
