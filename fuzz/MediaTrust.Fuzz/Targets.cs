using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using MediaTrust.Assertions;
using MediaTrust.Bindings;
using MediaTrust.Cose;
using MediaTrust.Formats;
using MediaTrust.JsonFormula;
using MediaTrust.Jumbf;
using MediaTrust.Manifests;
using MediaTrust.Pki;
using MediaTrust.Testing;
using MediaTrust.TrustProfiles;
using MediaTrust.TrustProfiles.Indicators;
using MediaTrust.Validation;

namespace MediaTrust.Fuzz;

/// <summary>
/// Every fuzzing target. Each is one call into a parser entry point (plus, for the writers, the calls that read the
/// source's layout): when the library's namespaces move, only these lines change.
/// </summary>
internal static class Targets
{
    /// <summary>Any store will do for the writers: what they parse is the source asset.</summary>
    private static readonly byte[] EmbeddedStore = SyntheticStore.Around("c2pa.actions.v2", [0xA0]);

    /// <summary>A generated PKI, so that OCSP responses and chains are judged against real certificates.</summary>
    private static readonly Lazy<TestPki> Pki = new(() =>
        TestPki.Create(SigningAlgorithm.ES256, new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2040, 1, 1, 0, 0, 0, TimeSpan.Zero), "MediaTrust Fuzz"));

    /// <summary>Where the profile target resolves includes: an empty folder, so a fuzzed include names nothing real.</summary>
    private static readonly Lazy<string> EmptyFolder = new(() => Directory.CreateTempSubdirectory("mediatrust-fuzz-").FullName);

    private static readonly JsonFormulaEngine Formulas = new(new JsonFormulaOptions
    {
        // Fixed clock and seed: an input must take the same path every time it runs.
        Clock = new FixedClock(), Random = new Random(0),

        // A smaller evaluation budget than the default (256 MiB, 10 M steps), so that the harness's own bound (32 MiB +
        // 64 bytes per input byte, within afl-fuzz's 5 s) tells a budget that holds from one that overshoots.
        MaxEvaluationBytes = 16L << 20, MaxEvaluationSteps = 1_000_000,
    });

    /// <summary>Every container format, by the name its targets use.</summary>
    public static IReadOnlyList<(string Name, IAssetFormat Format)> Containers { get; } =
    [
        ("jpeg", Formats.Jpeg.JpegFormat.Instance),
        ("png", Formats.Png.PngFormat.Instance),
        ("gif", Formats.Gif.GifFormat.Instance),
        ("riff", Formats.Riff.RiffFormat.WebP),
        ("tiff", Formats.Tiff.TiffFormat.Instance),
        ("bmff", Formats.Bmff.BmffFormat.Instance),
        ("jxl", Formats.JpegXl.JpegXlFormat.Instance),
        ("svg", Formats.Svg.SvgFormat.Instance),
        ("mp3", Formats.Mp3.Mp3Format.Instance),
        ("flac", Formats.Flac.FlacFormat.Instance),
        ("pdf", Formats.Pdf.PdfFormat.Instance),
        ("font", Formats.Font.FontFormat.Instance),
    ];

    public static IReadOnlyList<Target> All { get; } = Build();

    public static Target? Find(string name) => All.FirstOrDefault(t => t.Name == name);

    private static List<Target> Build()
    {
        var targets = new List<Target>
        {
            // JUMBF and the manifest store (spec 2.2 §11.1).
            new("jumbf", "JumbfReader.ReadBox", input => JumbfReader.ReadBox(input), Harness.Malformed),
            new("store", "ManifestStore.Parse", input => ManifestStore.Parse(input), Harness.Malformed),
            new("store-validate", "Reader.ReadWithManifestAsync + ToJson + ToDetailedJson (every assertion decoder the validator and the views use)",
                input => ReadWithManifest(input), Harness.AssetErrors),

            // CBOR: claims (§10), assertions (§18), COSE_Sign1 (§14.5, RFC 9052).
            new("claim", "Claim.Decode (v2, then v1)", input =>
            {
                _ = Claim.Decode(input, 2);
                _ = Claim.Decode(input, 1);
            }, Harness.Malformed),
            new("cbor-json", "CborJson.Decode (assertion CBOR to JSON)", input => Cbor.CborJson.Decode(input), Harness.Malformed),
            new("cose", "CoseSign1.Decode (COSE_Sign1 and its headers)", input => CoseSign1.Decode(input), Harness.Malformed),
            new("assertion-data-hash", "DataHashAssertion.Read", input => DataHashAssertion.Read(input), Harness.Malformed),
            new("assertion-box-hash", "BoxHashAssertion.Read", input => BoxHashAssertion.Read(input), Harness.Malformed),
            new("assertion-bmff-hash", "BmffHashAssertion.Read", input => BmffHashAssertion.Read(input), Harness.Malformed),
            new("assertion-multi-asset-hash", "MultiAssetHashAssertion.Read", input => MultiAssetHashAssertion.Read(input), Harness.Malformed),
            new("assertion-time-stamp", "TimeStampAssertion.TryRead (c2pa.time-stamp)",
                input => TimeStampAssertion.TryRead(SyntheticStore.Assertion("c2pa.time-stamp", input), out _), Harness.Malformed),
            new("assertion-certificate-status", "CertificateStatusAssertion.Read (c2pa.certificate-status)",
                input => CertificateStatusAssertion.Read(SyntheticStore.Assertion("c2pa.certificate-status", input)), Harness.Malformed),
            new("assertion-ingredient", "validation and views of a c2pa.ingredient.v3 assertion",
                input => ReadWithManifest(SyntheticStore.Around("c2pa.ingredient.v3", input)), Harness.AssetErrors),
            new("assertion-actions", "validation and views of a c2pa.actions.v2 assertion",
                input => ReadWithManifest(SyntheticStore.Around("c2pa.actions.v2", input)), Harness.AssetErrors),

            // PKI: certificates (§14.5.1), chains, RFC 3161 tokens, OCSP responses (RFC 6960).
            new("x509", "CertificateLoader.TryLoad", input => CertificateLoader.TryLoad(input, out _), Harness.Malformed),
            new("x509-chain", "CertificateChainBuilder.Build (input: DER certificates back to back, the last the anchor)", BuildChain, Harness.Malformed),
            new("time-stamp-token", "TimeStampToken.Decode", input => TimeStampToken.Decode(input), Harness.Asn1Errors),
            new("ocsp", "OcspValidator.Judge", input => OcspValidator.Judge(input, Pki.Value.Signer.Certificate, Pki.Value.Intermediate.Certificate,
                new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), out _), Harness.Malformed),

            // XMP (§11.4 remote reference).
            new("xmp", "XmpPacket.FindRemoteManifestUrl + SetProvenance", input =>
            {
                _ = Formats.Xmp.XmpPacket.FindRemoteManifestUrl(input);
                _ = Formats.Xmp.XmpPacket.SetProvenance(input, "https://example.com/m.c2pa");
            }, Harness.Malformed),

            // The whole read: detect, locate, parse, validate, both JSON views.
            new("reader", "Reader.ReadAsync + ToJson + ToDetailedJson", ReadAsset, Harness.AssetErrors),

            // JPEG Trust.
            new("metadata", "MediaMetadata.Read (content and metadata indicators)", ReadMetadata, Harness.Malformed, BytesPerInputByte: 256),
            new("profile", "TrustProfile.Parse (YAML trust profile)", input => TrustProfile.Parse(Encoding.UTF8.GetString(input), EmptyFolder.Value),
                e => e is ProfileException),
            new("formula-parse", "JsonFormulaEngine.Compile (lexer and parser)", input => Formulas.Compile(Encoding.UTF8.GetString(input)),
                e => e is JsonFormulaException),
            new("formula-eval", "JsonFormulaEngine.Evaluate (input: expression, NUL, JSON data)", Evaluate, e => e is JsonFormulaException),

            // The web verifier's upload path: a request body (multipart or raw) through the server's UploadReceiver.
            new("upload", "UploadReceiver.ReceiveAsync (input: Content-Type line, then the request body)", UploadTarget.Receive, UploadTarget.IsDocumented),
        };

        // Each container's locator (ReadLayout) and, for the writers, the layout reading that Embed, Remove and the
        // remote reference writer do on the source.
        foreach (var (name, format) in Containers)
        {
            targets.Add(new("layout-" + name, $"{format.GetType().Name}.ReadLayout", input => ReadLayout(format, input), Harness.Malformed));
            if (format is IManifestEmbedder)
            {
                targets.Add(new("write-" + name, $"{format.GetType().Name}.Embed + Remove + WriteRemoteReference", input => Write(format, input), Harness.AssetErrors));
            }
        }

        return targets;
    }

    /// <summary>
    /// The format's own locator, reached as the reader reaches it: only for input whose magic bytes it claims. The RIFF
    /// target serves WAV, AVI and WebP alike (one parser, RiffChunks).
    /// </summary>
    private static void ReadLayout(IAssetFormat format, byte[] input)
    {
        if (ClaimedBy(format, input) is { } match)
        {
            _ = match.ReadLayout(new MemoryStream(input, writable: false));
        }
    }

    private static void Write(IAssetFormat format, byte[] input)
    {
        if (ClaimedBy(format, input) is not { } match)
        {
            return;
        }

        var embedder = (IManifestEmbedder)match;
        using (var output = new MemoryStream())
        {
            _ = embedder.Embed(new MemoryStream(input, writable: false), output, EmbeddedStore);
        }

        using (var output = new MemoryStream())
        {
            embedder.Remove(new MemoryStream(input, writable: false), output);
        }

        if (match is IRemoteReferenceWriter remote)
        {
            using var output = new MemoryStream();
            remote.WriteRemoteReference(new MemoryStream(input, writable: false), output, "https://example.com/m.c2pa");
        }
    }

    private static IAssetFormat? ClaimedBy(IAssetFormat format, byte[] input)
    {
        var header = input.AsSpan(0, Math.Min(input.Length, AssetFormats.HeaderLength));
        if (format is Formats.Riff.RiffFormat)
        {
            foreach (var riff in new IAssetFormat[] { Formats.Riff.RiffFormat.Wav, Formats.Riff.RiffFormat.Avi, Formats.Riff.RiffFormat.WebP })
            {
                if (riff.IsMatch(header))
                {
                    return riff;
                }
            }

            return null;
        }

        return format.IsMatch(header) ? format : null;
    }

    private static void ReadAsset(byte[] input)
    {
        var reader = Reader.ReadAsync(new MemoryStream(input, writable: false)).GetAwaiter().GetResult();
        _ = reader.ToJson();
        _ = reader.ToDetailedJson();
    }

    private static void ReadWithManifest(byte[] store)
    {
        var reader = Reader.ReadWithManifestAsync(new MemoryStream([], writable: false), store).GetAwaiter().GetResult();
        _ = reader.ToJson();
        _ = reader.ToDetailedJson();
    }

    private static void BuildChain(byte[] input)
    {
        // Split the input into its top-level DER elements, as an x5chain holds them one per bstr.
        var certificates = new List<X509Certificate2>();
        var rest = input.AsMemory();
        while (!rest.IsEmpty && certificates.Count < 16)
        {
            int length;
            try
            {
                _ = AsnDecoder.ReadEncodedValue(rest.Span, AsnEncodingRules.DER, out _, out _, out length);
            }
            catch (AsnContentException)
            {
                break; // the rest is not one more element
            }

            if (CertificateLoader.TryLoad(rest.Span[..length], out _) is { } certificate)
            {
                certificates.Add(certificate);
            }

            rest = rest[length..];
        }

        if (certificates.Count > 0)
        {
            _ = CertificateChainBuilder.Build(certificates[0], certificates.Skip(1).ToList(), [certificates[^1]]);
        }
    }

    private static void ReadMetadata(byte[] input)
    {
        // MetadataExtractor reads a path: the input goes through a temporary file.
        var path = Path.Combine(EmptyFolder.Value, "asset");
        File.WriteAllBytes(path, input);
        _ = MediaMetadata.Read(path, mediaType: null);
    }

    private static void Evaluate(byte[] input)
    {
        var split = Array.IndexOf(input, (byte)0);
        var expression = Encoding.UTF8.GetString(input, 0, split < 0 ? input.Length : split);
        JsonNode? data = null;
        if (split >= 0)
        {
            try
            {
                data = JsonNode.Parse(input.AsSpan(split + 1));
            }
            catch (System.Text.Json.JsonException)
            {
                // not JSON: evaluate against null, the expression is what is fuzzed
            }
        }

        _ = Formulas.Evaluate(expression, data);
    }

    /// <summary>A clock that always says 2030-01-01, for formulas that read the time.</summary>
    private sealed class FixedClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    }
}
