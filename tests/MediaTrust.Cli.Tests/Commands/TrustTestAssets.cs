using MediaTrust.Cose;
using MediaTrust.Pki;
using MediaTrust.Signing;
using MediaTrust.Testing;

namespace MediaTrust.Cli.Commands;

/// <summary>
/// GIFs signed here with <see cref="ManifestBuilder"/> by a <see cref="TestPki"/> valid 2025–2035, so the CLI's JPEG
/// Trust commands run with <c>--at</c> pinned inside that window; and the repository's profiles/ folder.
/// </summary>
internal sealed class TrustTestAssets : IDisposable
{
    public const string GenAi = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia";
    public const string Capture = "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture";

    /// <summary>The <c>--at</c> / <c>--now</c> of every test.</summary>
    public const string At = "2026-03-01T12:00:00Z";

    private static readonly byte[] TinyGif = Convert.FromHexString("47494638396101000100800000FFFFFF00000021F90401000000002C00000000010001000002024401003B");

    private readonly TestPki _pki = TestPki.Create(SigningAlgorithm.ES256, new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), new(2035, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public DirectoryInfo Directory { get; } = System.IO.Directory.CreateTempSubdirectory("mediatrust-cli-trust-");

    public string PathOf(string name) => Path.Combine(Directory.FullName, name);

    /// <summary>The signer's root as a PEM file, for <c>--trust-anchors</c>.</summary>
    public string RootPem()
    {
        var path = PathOf("root.pem");
        File.WriteAllText(path, _pki.Root.CertificatePem);
        return path;
    }

    public static string Profile(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MediaTrust.slnx")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir!.FullName, "profiles", name);
    }

    public string Unsigned(string name = "plain.gif")
    {
        File.WriteAllBytes(PathOf(name), TinyGif);
        return PathOf(name);
    }

    /// <summary>A GIF whose manifest's c2pa.actions.v2 records a creation with <paramref name="digitalSourceType"/>.</summary>
    public async Task<string> SignedAsync(string name, string digitalSourceType)
    {
        var definition = ManifestDefinition.FromJson($$"""
            { "claim_generator_info": [{ "name": "cli trust tests" }], "title": "{{name}}",
              "assertions": [{ "label": "c2pa.actions.v2", "data": { "actions": [{ "action": "c2pa.created", "digitalSourceType": "{{digitalSourceType}}" }] } }] }
            """);
        using var signer = _pki.CreateClaimSigner();
        await using (var source = new MemoryStream(TinyGif))
        await using (var destination = File.Create(PathOf(name)))
        {
            await new ManifestBuilder(definition) { GenerateThumbnails = false }.SignAsync(source, destination, signer, TestContext.Current.CancellationToken);
        }

        return PathOf(name);
    }

    public void Dispose() => Directory.Delete(recursive: true);
}
