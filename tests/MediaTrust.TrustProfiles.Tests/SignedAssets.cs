using System.Security.Cryptography;
using System.Text.Json.Nodes;
using MediaTrust.Cose;
using MediaTrust.Pki;
using MediaTrust.Signing;
using MediaTrust.Testing;
using MediaTrust.TrustProfiles.Indicators;
using MediaTrust.Validation;

namespace MediaTrust.TrustProfiles;

/// <summary>
/// Assets signed in the test with <see cref="ManifestBuilder"/> and a fresh <see cref="TestPki"/> (valid 2025–2035,
/// validated at <see cref="ValidationTime"/>), optionally time-stamped in-process by the PKI's time-stamp authority.
/// </summary>
internal sealed class SignedAssets : IDisposable
{
    public const string GenAi = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia";
    public const string Capture = "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture";

    /// <summary>When the files are signed, stamped and validated: inside the PKI's validity, independent of the clock.</summary>
    public static readonly DateTimeOffset ValidationTime = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("mediatrust-trust-");

    public TestPki Pki { get; } = TestPki.Create(SigningAlgorithm.ES256, new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), new(2035, 1, 1, 0, 0, 0, TimeSpan.Zero));

    /// <summary>A 1×1 GIF89a (one white pixel).</summary>
    public static byte[] Gif() => Convert.FromHexString("47494638396101000100800000FFFFFF00000021F90401000000002C00000000010001000002024401003B");

    /// <summary>A 1×1 JPEG without provenance: SOI, the XMP of <see cref="ProjectProfileTests.JpegWithXmp"/> when given, SOF0, EOI.</summary>
    public static byte[] Jpeg(string? xmpSourceType = null) =>
        xmpSourceType is null ? Convert.FromHexString("FFD8FFC0000B080001000101011100FFD9") : ProjectProfileTests.JpegWithXmp(xmpSourceType);

    /// <summary>A manifest whose c2pa.actions.v2 records a creation with <paramref name="digitalSourceType"/>.</summary>
    public static ManifestDefinition Created(string digitalSourceType) => ManifestDefinition.FromJson($$"""
        {
          "claim_generator_info": [{ "name": "MediaTrust trust tests", "version": "1.0" }],
          "title": "generated",
          "assertions": [
            { "label": "c2pa.actions.v2", "data": { "actions": [ { "action": "c2pa.created", "digitalSourceType": "{{digitalSourceType}}" } ] } }
          ]
        }
        """);

    /// <summary>Writes <paramref name="asset"/> unsigned.</summary>
    public async Task<string> WriteAsync(string name, byte[] asset)
    {
        var path = Path.Combine(_directory.FullName, name);
        await File.WriteAllBytesAsync(path, asset, TestContext.Current.CancellationToken);
        return path;
    }

    /// <summary>Signs <paramref name="asset"/> as <paramref name="name"/>, time-stamped when <paramref name="timeStamp"/>.</summary>
    public async Task<string> SignAsync(string name, byte[] asset, string digitalSourceType, bool timeStamp = false)
    {
        var path = Path.Combine(_directory.FullName, name);
        using var signer = Pki.CreateClaimSigner();
        var builder = new ManifestBuilder(Created(digitalSourceType))
        {
            GenerateThumbnails = false,
            TimeStampProvider = timeStamp ? new TestTimeStampProvider(Pki, ValidationTime.AddMinutes(-5)) : null,
        };
        await using (var source = new MemoryStream(asset))
        await using (var destination = File.Create(path))
        {
            await builder.SignAsync(source, destination, signer, TestContext.Current.CancellationToken);
        }

        return path;
    }

    /// <summary>Flips the last byte before the JPEG EOI / GIF trailer: the asset content, not the manifest.</summary>
    public static async Task TamperAsync(string path)
    {
        var bytes = await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken);
        bytes[^3] ^= 0xFF;
        await File.WriteAllBytesAsync(path, bytes, TestContext.Current.CancellationToken);
    }

    /// <summary>
    /// Retypes the (single) manifest box from <c>c2ma</c> to <c>c2md</c>, the Trust Declaration type. Neither the claim
    /// signature nor the hard binding covers the manifest's JUMBF description box, so the file stays valid.
    /// </summary>
    public static async Task RetypeAsTrustDeclarationAsync(string path)
    {
        var bytes = await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken);
        var standard = Convert.FromHexString("63326D6100110010800000AA00389B71");
        var at = bytes.AsSpan().IndexOf(standard);
        Assert.True(at >= 0 && bytes.AsSpan(at + 1).IndexOf(standard) < 0, "exactly one c2ma manifest box");
        bytes[at + 3] = (byte)'d';
        await File.WriteAllBytesAsync(path, bytes, TestContext.Current.CancellationToken);
    }

    /// <summary>Reader options trusting this PKI's root for signers and time-stamps (or nothing).</summary>
    public ReaderOptions Options(bool trustRoot) => new()
    {
        Validation = new ValidationOptions
        {
            ValidationTime = ValidationTime,
            Trust = trustRoot
                ? new TrustStoreBuilder().AddSignerAnchorsFromPem(Pki.Root.CertificatePem).AddTimeStampAnchorsFromPem(Pki.Root.CertificatePem).Build()
                : TrustStore.Empty,
        },
    };

    public Task<JsonObject> IndicatorsAsync(string path, bool trustRoot = true) =>
        TrustIndicatorSet.FromFileAsync(path, Options(trustRoot), TestContext.Current.CancellationToken);

    public void Dispose() => _directory.Delete(recursive: true);
}
