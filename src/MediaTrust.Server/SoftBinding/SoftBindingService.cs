using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using MediaTrust.Repository;
using Microsoft.Extensions.Options;

namespace MediaTrust.Server.SoftBinding;

/// <summary>
/// The manifest repository behind the Resolution API, opened (and migrated) on first use and closed at shutdown, and the
/// key that signs its receipts.
/// </summary>
internal sealed class SoftBindingService : IAsyncDisposable
{
    private readonly SoftBindingOptions _settings;
    private readonly Lazy<Task<IManifestRepository>>? _repository;
    private readonly ECDsa _receiptKey;

    public SoftBindingService(IOptions<SoftBindingOptions> settings, VerificationService verifier)
    {
        _settings = settings.Value;
        var options = new RepositoryOptions
        {
            MaxStoreBytes = _settings.MaxStoreBytes,
            Validation = verifier.Options.Validation ?? new(),
            InvalidStores = _settings.RejectInvalidStores ? InvalidStorePolicy.Reject : InvalidStorePolicy.KeepWithVerdict,
        };
        if (_settings.HasRepository)
        {
            _repository = new(() => string.IsNullOrWhiteSpace(_settings.PostgresConnectionString)
                ? SqliteManifestRepository.OpenAsync(_settings.SqlitePath!, options).ContinueWith(t => (IManifestRepository)t.Result, TaskScheduler.Default)
                : PostgresManifestRepository.OpenAsync(_settings.PostgresConnectionString, options).ContinueWith(t => (IManifestRepository)t.Result, TaskScheduler.Default));
        }

        _receiptKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        if (_settings.ReceiptKeyFile is { } file)
        {
            _receiptKey.ImportFromPem(File.ReadAllText(file));
        }

        KeyId = Base64Url(SHA256.HashData(_receiptKey.ExportSubjectPublicKeyInfo()))[..16];
    }

    public SoftBindingOptions Settings => _settings;

    /// <summary>Identifies the receipt key (the start of its SubjectPublicKeyInfo's SHA-256, base64url).</summary>
    public string KeyId { get; }

    /// <summary>The repository, or a 501 problem when none is configured.</summary>
    public async Task<IManifestRepository> RepositoryAsync()
    {
        if (_repository is null)
        {
            throw new ApiProblemException(StatusCodes.Status501NotImplemented, "No manifest repository",
                "This server has no manifest repository configured (MediaTrust:SoftBinding:SqlitePath or PostgresConnectionString).", "softBinding.notConfigured");
        }

        return await _repository.Value;
    }

    /// <summary>
    /// A receipt (the API's <c>c2pa.manifestReceipt</c>) saying this repository holds <paramref name="store"/> as
    /// <paramref name="manifestId"/>: the proof is an ES256 signature over the receipt's repository URI, the manifest id, the
    /// SHA-256 of the store and the time it was issued (docs/soft-bindings.md, "Receipts").
    /// </summary>
    public JsonObject Receipt(string baseUri, string manifestId, ReadOnlySpan<byte> store, DateTimeOffset issued)
    {
        var storeHash = Base64Url(SHA256.HashData(store));
        var time = issued.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        var signature = _receiptKey.SignData(SigningInput(baseUri, manifestId, storeHash, time), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return new JsonObject
        {
            ["@context"] = new JsonObject { ["c2pa"] = "https://c2pa.org/ns/", ["receipt"] = "https://c2pa.org/ns/manifest-receipt#" },
            ["@type"] = "org.c2pa.manifest-receipt",
            ["repository"] = new JsonObject { ["uri"] = baseUri, ["manifestId"] = manifestId },
            ["anchor"] = new JsonObject
            {
                ["uri"] = $"{baseUri}/manifests/{Uri.EscapeDataString(manifestId)}/receipts",
                ["proof"] = new JsonObject
                {
                    ["alg"] = "ES256",
                    ["kid"] = KeyId,
                    ["storeHash"] = storeHash,
                    ["issued"] = time,
                    ["value"] = Base64Url(signature),
                },
            },
        };
    }

    /// <summary>Why <paramref name="receipt"/> does not prove that <paramref name="store"/> is held as <paramref name="manifestId"/>; null when it does.</summary>
    public string? VerifyReceipt(JsonObject receipt, string manifestId, ReadOnlySpan<byte> store)
    {
        if (receipt["@type"]?.GetValueKind() != System.Text.Json.JsonValueKind.String || (string?)receipt["@type"] != "org.c2pa.manifest-receipt")
        {
            return "the receipt's @type is not org.c2pa.manifest-receipt";
        }

        if (receipt["repository"] is not JsonObject repository || Text(repository, "uri") is not { } uri || Text(repository, "manifestId") is not { } id)
        {
            return "the receipt has no repository uri and manifestId";
        }

        if (!string.Equals(id, manifestId, StringComparison.Ordinal))
        {
            return "The supplied receipt manifestId does not match the requested manifestId";
        }

        if (receipt["anchor"]?["proof"] is not JsonObject proof || Text(proof, "alg") != "ES256" || Text(proof, "storeHash") is not { } storeHash
            || Text(proof, "issued") is not { } issued || Text(proof, "value") is not { } value)
        {
            return "the receipt's proof is not an ES256 proof of this repository";
        }

        if (Text(proof, "kid") != KeyId)
        {
            return "the receipt was signed with a key this repository does not hold";
        }

        byte[] signature;
        try
        {
            signature = FromBase64Url(value);
        }
        catch (FormatException)
        {
            return "the receipt's proof value is not base64url";
        }

        if (!_receiptKey.VerifyData(SigningInput(uri, id, storeHash, issued), signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
        {
            return "the receipt's signature does not verify";
        }

        return storeHash == Base64Url(SHA256.HashData(store)) ? null : "the repository now holds a different manifest store under this id";
    }

    public async ValueTask DisposeAsync()
    {
        if (_repository is { IsValueCreated: true })
        {
            try
            {
                await (await _repository.Value).DisposeAsync();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The repository never opened; there is nothing to close.
            }
        }

        _receiptKey.Dispose();
    }

    private static string? Text(JsonObject json, string name) =>
        json[name] is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String ? v.GetValue<string>() : null;

    private static byte[] SigningInput(string uri, string manifestId, string storeHash, string issued) =>
        Encoding.UTF8.GetBytes(string.Join('\n', "org.c2pa.manifest-receipt", uri, manifestId, storeHash, issued));

    internal static string Base64Url(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    internal static byte[] FromBase64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }
}
