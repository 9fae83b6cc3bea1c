using MediaTrust.Cose;
using MediaTrust.Pki;
using MediaTrust.Signing;
using MediaTrust.Testing;

namespace MediaTrust.Cli.Commands;

/// <summary>
/// A per-user config directory of its own (MEDIATRUST_CONFIG_DIR) and a test PKI that can stand in for the official lists:
/// a short-lived signer, long expired by <see cref="At"/>, whose signature was time-stamped by the PKI's TSA while it was
/// valid, as a phone camera's is. Lists naming the PKI's root as the "C2PA Trust List" and "C2PA TSA Trust List", issued
/// after the bundled ones, are what <c>trust-list update</c> would download; placed in the config directory they replace
/// the bundled lists with no option on the command line (docs/cli.md, "Default trust").
/// </summary>
internal sealed class OfficialListsFixture : IDisposable
{
    /// <summary>The validation time of every test: the signer's certificate expired long before.</summary>
    public const string At = "2027-01-01T00:00:00Z";

    /// <summary>When the substitute lists were issued: after the bundled lists (2026-08-05).</summary>
    public static readonly DateTimeOffset ListsIssued = new(2026, 9, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly DateTimeOffset PkiFrom = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset SignerUntil = new(2025, 6, 2, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset SignedAt = new(2025, 6, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly byte[] TinyGif = Convert.FromHexString("47494638396101000100800000FFFFFF00000021F90401000000002C00000000010001000002024401003B");

    private static readonly Lazy<TestPki> SharedPki = new(() => TestPki.Create(SigningAlgorithm.ES256, PkiFrom, new(2035, 1, 1, 0, 0, 0, TimeSpan.Zero), "Pixel Test"));

    private readonly string? _previousConfig = Environment.GetEnvironmentVariable("MEDIATRUST_CONFIG_DIR");

    public OfficialListsFixture()
    {
        Environment.SetEnvironmentVariable("MEDIATRUST_CONFIG_DIR", Config.FullName);
        Trust.TrustConfig.Reset();
    }

    public static TestPki Pki => SharedPki.Value;

    public DirectoryInfo Config { get; } = Directory.CreateTempSubdirectory("mediatrust-config-");

    public DirectoryInfo Work { get; } = Directory.CreateTempSubdirectory("mediatrust-default-trust-");

    public string OfficialDirectory => Path.Combine(Config.FullName, "official");

    /// <summary>The substitute C2PA Trust List: the test PKI's root for the entity "Pixel Test Entity".</summary>
    public static byte[] SignerList(DateTimeOffset? issued = null) =>
        TrustListJson.Write("C2PA Trust List", issued ?? ListsIssued, ("Pixel Test Entity", Pki.Root.Certificate, TrustListJson.Trusted, PkiFrom));

    /// <summary>The substitute C2PA TSA Trust List: the same root, for the PKI's TSA.</summary>
    public static byte[] TimeStampList(DateTimeOffset? issued = null) =>
        TrustListJson.Write("C2PA TSA Trust List", issued ?? ListsIssued, ("Pixel Test TSA", Pki.Root.Certificate, TrustListJson.Trusted, PkiFrom));

    /// <summary>Puts the substitute lists where <c>trust-list update</c> stores what it downloads.</summary>
    public void InstallOfficialLists()
    {
        Directory.CreateDirectory(OfficialDirectory);
        File.WriteAllBytes(Path.Combine(OfficialDirectory, "C2PA-TRUST-LIST.json"), SignerList());
        File.WriteAllBytes(Path.Combine(OfficialDirectory, "C2PA-TSA-TRUST-LIST.json"), TimeStampList());
        Trust.TrustConfig.Reset();
    }

    /// <summary>A GIF signed by the short-lived signer, time-stamped at 2025-06-01 while its certificate was valid.</summary>
    public async Task<string> SignedPhotoAsync(string name = "photo.gif")
    {
        var leaf = Pki.Issue(TestPki.SignerTemplate(TestKeyType.P256, PkiFrom, SignerUntil, "Pixel Test"), Pki.Intermediate);
        using var signer = PemClaimSigner.FromPem(leaf.PrivateKeyPem, leaf.CertificatePem + Pki.Intermediate.CertificatePem);
        var definition = ManifestDefinition.FromJson("""
            { "claim_generator_info": [{ "name": "default trust tests" }], "title": "photo.gif",
              "assertions": [{ "label": "c2pa.actions.v2", "data": { "actions": [{ "action": "c2pa.created",
                "digitalSourceType": "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture" }] } }] }
            """);
        var path = Path.Combine(Work.FullName, name);
        await using (var source = new MemoryStream(TinyGif))
        await using (var destination = File.Create(path))
        {
            var builder = new ManifestBuilder(definition) { GenerateThumbnails = false, TimeStampProvider = new TestTimeStampProvider(Pki, SignedAt) };
            await builder.SignAsync(source, destination, signer, TestContext.Current.CancellationToken);
        }

        return path;
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("MEDIATRUST_CONFIG_DIR", _previousConfig);
        Trust.TrustConfig.Reset();
        Config.Delete(recursive: true);
        Work.Delete(recursive: true);
    }
}
