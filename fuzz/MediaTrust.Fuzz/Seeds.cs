using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MediaTrust.Assertions;
using MediaTrust.Cose;
using MediaTrust.Formats;
using MediaTrust.Manifests;
using MediaTrust.Pki;
using MediaTrust.Signing;
using MediaTrust.Testing;

namespace MediaTrust.Fuzz;

/// <summary>
/// Gathers seeds per target from files on disk (the shared corpus, samples/, hand-made seeds): whole assets for the
/// container, reader and metadata targets, and the parts the library itself finds in them (stores, claims, COSE,
/// assertions by label, certificates, time-stamp tokens, OCSP responses, XMP packets) for the inner targets.
/// Unsigned assets of writable formats are also signed here with a generated PKI, so every container has signed seeds.
/// Seeds go to a work folder, never into the repository.
/// </summary>
internal sealed class Seeds
{
    /// <summary>Seeds kept per target: the smallest distinct ones (afl-fuzz is fastest on few, small seeds).</summary>
    private const int PerTarget = 24;

    private const int MaxAssetLength = 512 * 1024;
    private const int MaxSignedPerFormat = 2;

    private readonly Dictionary<string, Dictionary<string, byte[]>> _byTarget = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _signedPerFormat = new(StringComparer.Ordinal);
    private readonly Lazy<IClaimSigner> _signer = new(() =>
        TestPki.Create(SigningAlgorithm.ES256, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5), "MediaTrust Fuzz Seeds").CreateClaimSigner());

    public static int Gather(string outputFolder, IEnumerable<string> inputs)
    {
        var seeds = new Seeds();
        foreach (var input in inputs)
        {
            var files = Directory.Exists(input) ? Directory.EnumerateFiles(input, "*", SearchOption.AllDirectories) : [input];
            foreach (var file in files.Order(StringComparer.Ordinal))
            {
                seeds.AddFile(file);
            }
        }

        return seeds.Write(outputFolder);
    }

    private void AddFile(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists || info.Length == 0 || info.Length > 8 * MaxAssetLength)
        {
            return;
        }

        var bytes = File.ReadAllBytes(path);
        if (info.Directory is { } folder && Targets.Find(folder.Name) is { } named)
        {
            Add(named.Name, bytes); // a hand-made seed under fuzz/seeds/TARGET/
        }

        var extension = info.Extension.ToLowerInvariant();
        switch (extension)
        {
            case ".yml" or ".yaml":
                Add("profile", bytes);
                return;
            case ".json":
                AddFormulaCases(bytes);
                return;
            case ".pem" or ".crt":
                foreach (var certificate in TryPem(bytes))
                {
                    Add("x509", certificate);
                }

                return;
            case ".c2pa":
                AddStore(bytes);
                return;
        }

        AddAsset(bytes, signedHere: false);
    }

    private void AddAsset(byte[] bytes, bool signedHere)
    {
        IAssetFormat? format;
        using (var stream = new MemoryStream(bytes, writable: false))
        {
            format = AssetFormats.Detect(stream);
        }

        if (format is null or Formats.Sidecar.SidecarFormat)
        {
            return;
        }

        if (bytes.Length <= MaxAssetLength)
        {
            Add("reader", bytes);
            Add("metadata", bytes);
            foreach (var (name, container) in Targets.Containers)
            {
                if (container.GetType() == format.GetType())
                {
                    Add("layout-" + name, bytes);
                    Add("write-" + name, bytes);
                }
            }
        }

        AddXmp(bytes);
        AssetLayout layout;
        try
        {
            layout = format.ReadLayout(new MemoryStream(bytes, writable: false));
        }
        catch (MalformedContentException)
        {
            return;
        }

        foreach (var store in layout.Stores)
        {
            AddStore(store.Jumbf.ToArray());
        }

        if (layout.Stores.Count == 0 && !signedHere && bytes.Length <= MaxAssetLength && format is IManifestEmbedder)
        {
            SignAndAdd(format, bytes);
        }
    }

    private void SignAndAdd(IAssetFormat format, byte[] bytes)
    {
        var count = _signedPerFormat.GetValueOrDefault(format.Name);
        if (count >= MaxSignedPerFormat)
        {
            return;
        }

        _signedPerFormat[format.Name] = count + 1;
        try
        {
            var definition = ManifestDefinition.FromJson("""
                { "claim_generator_info": [{ "name": "MediaTrust.Fuzz seeds" }], "title": "seed",
                  "assertions": [ { "label": "c2pa.actions.v2", "data": { "actions": [ { "action": "c2pa.created",
                    "digitalSourceType": "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture" } ] } } ] }
                """);
            using var output = new MemoryStream();
            new ManifestBuilder(definition).SignAsync(new MemoryStream(bytes, writable: false), output, _signer.Value).GetAwaiter().GetResult();
            AddAsset(output.ToArray(), signedHere: true);
        }
        catch (Exception e) when (e is MalformedContentException or NotSupportedException)
        {
            // a damaged corpus file that cannot be signed gives no signed seed
        }
    }

    private void AddStore(byte[] jumbf)
    {
        Add("jumbf", jumbf);
        Add("store", jumbf);
        Add("store-validate", jumbf);
        ManifestStore store;
        try
        {
            store = ManifestStore.Parse(jumbf);
        }
        catch (MalformedContentException)
        {
            return;
        }

        foreach (var manifest in store.Manifests)
        {
            if (manifest.ClaimBytes is { } claim)
            {
                Add("claim", claim.ToArray());
            }

            if (manifest.SignatureBytes is { } signature)
            {
                Add("cose", signature.ToArray());
                AddSignatureParts(signature);
            }

            foreach (var assertion in manifest.Assertions)
            {
                AddAssertion(assertion);
            }
        }
    }

    private void AddSignatureParts(ReadOnlyMemory<byte> signature)
    {
        Cose.CoseSign1 cose;
        try
        {
            cose = Cose.CoseSign1.Decode(signature);
        }
        catch (MalformedContentException)
        {
            return;
        }

        foreach (var certificate in cose.CertificateChain)
        {
            Add("x509", certificate.ToArray());
        }

        Add("x509-chain", cose.CertificateChain.SelectMany(c => c.ToArray()).ToArray());
        foreach (var token in cose.TimeStampTokens)
        {
            Add("time-stamp-token", token.ToArray());
        }

        foreach (var response in cose.OcspResponses)
        {
            Add("ocsp", response.ToArray());
        }
    }

    private void AddAssertion(Assertion assertion)
    {
        if (assertion.Kind != AssertionKind.Cbor)
        {
            return;
        }

        var data = assertion.Data.ToArray();
        Add("cbor-json", data);
        var target = assertion.BaseLabel switch
        {
            "c2pa.hash.data" => "assertion-data-hash",
            "c2pa.hash.boxes" => "assertion-box-hash",
            "c2pa.hash.bmff" or "c2pa.hash.bmff.v2" or "c2pa.hash.bmff.v3" => "assertion-bmff-hash",
            "c2pa.hash.multi-asset" => "assertion-multi-asset-hash",
            "c2pa.time-stamp" => "assertion-time-stamp",
            "c2pa.certificate-status" => "assertion-certificate-status",
            "c2pa.actions" or "c2pa.actions.v2" => "assertion-actions",
            _ when assertion.BaseLabel.StartsWith("c2pa.ingredient", StringComparison.Ordinal) => "assertion-ingredient",
            _ => null,
        };
        if (target is not null)
        {
            Add(target, data);
        }
    }

    private void AddXmp(byte[] bytes)
    {
        var start = bytes.AsSpan().IndexOf("<x:xmpmeta"u8);
        if (start < 0)
        {
            return;
        }

        var end = bytes.AsSpan(start).IndexOf("</x:xmpmeta>"u8);
        if (end > 0)
        {
            Add("xmp", bytes.AsSpan(start, end + "</x:xmpmeta>".Length).ToArray());
        }
    }

    /// <summary>json-formula conformance files (<c>[{ given, cases: [{ expression }] }]</c>): expression, NUL, given data.</summary>
    private void AddFormulaCases(byte[] bytes)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(bytes);
        }
        catch (JsonException)
        {
            return;
        }

        if (root is not JsonArray groups)
        {
            return;
        }

        foreach (var group in groups.OfType<JsonObject>())
        {
            var given = group["given"]?.ToJsonString() ?? "null";
            foreach (var test in (group["cases"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (test["expression"] is JsonValue value && TryString(value) is { } expression)
                {
                    Add("formula-parse", Encoding.UTF8.GetBytes(expression));
                    Add("formula-eval", Encoding.UTF8.GetBytes(expression + "\0" + given));
                }
            }
        }
    }

    private static string? TryString(JsonValue value)
    {
        try
        {
            return value.TryGetValue<string>(out var text) ? text : null;
        }
        catch (InvalidOperationException)
        {
            return null; // a lone surrogate (the conformance files test them): not representable as a .NET string
        }
    }

    private static IEnumerable<byte[]> TryPem(byte[] bytes)
    {
        IReadOnlyList<System.Security.Cryptography.X509Certificates.X509Certificate2> certificates;
        try
        {
            certificates = PemCertificates.Parse(Encoding.UTF8.GetString(bytes));
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or FormatException)
        {
            yield break;
        }

        foreach (var certificate in certificates)
        {
            yield return certificate.RawData;
        }
    }

    private void Add(string target, byte[] seed)
    {
        if (seed.Length == 0 || seed.Length > Harness.MaxInputLength || Targets.Find(target) is null)
        {
            return;
        }

        if (!_byTarget.TryGetValue(target, out var seeds))
        {
            _byTarget[target] = seeds = new(StringComparer.Ordinal);
        }

        seeds.TryAdd(Convert.ToHexStringLower(SHA256.HashData(seed))[..16], seed);
    }

    private int Write(string outputFolder)
    {
        var total = 0;
        foreach (var (target, seeds) in _byTarget.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var folder = Path.Combine(outputFolder, target);
            Directory.CreateDirectory(folder);
            var limit = target.StartsWith("formula", StringComparison.Ordinal) ? PerTarget * 4 : PerTarget;
            foreach (var (name, seed) in seeds.OrderBy(p => p.Value.Length).ThenBy(p => p.Key, StringComparer.Ordinal).Take(limit))
            {
                File.WriteAllBytes(Path.Combine(folder, name), seed);
                total++;
            }

            Console.WriteLine($"{target}: {Math.Min(seeds.Count, limit)} seeds (of {seeds.Count})");
        }

        return total;
    }
}
