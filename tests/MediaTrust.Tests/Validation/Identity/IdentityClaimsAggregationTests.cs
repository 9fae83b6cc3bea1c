using System.Formats.Cbor;
using System.Text;
using System.Text.Json.Nodes;
using MediaTrust.Assertions;
using MediaTrust.Cose;
using MediaTrust.Manifests;
using MediaTrust.Spec;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;

namespace MediaTrust.Validation.Identity;

/// <summary>
/// Identity claims aggregation credentials made here (Ed25519 issuer as did:jwk, or as did:web through an injected
/// resolver), each broken in one way, and the cawg.ica.* code each must give (CAWG identity 1.3). Nothing goes online.
/// </summary>
public sealed class IdentityClaimsAggregationTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly SignerPayload Payload = SignerPayload.Create(
        [new HashedUri("self#jumbf=c2pa.assertions/c2pa.hash.data", new byte[32])], SignerPayload.IdentityClaimsAggregation, ["cawg.creator"]);

    private sealed class Issuer
    {
        private readonly Ed25519PrivateKeyParameters _key;

        public Issuer()
        {
            var generator = new Ed25519KeyPairGenerator();
            generator.Init(new Ed25519KeyGenerationParameters(new SecureRandom()));
            var pair = generator.GenerateKeyPair();
            _key = (Ed25519PrivateKeyParameters)pair.Private;
            var x = ((Ed25519PublicKeyParameters)pair.Public).GetEncoded();
            Jwk = new JsonObject { ["kty"] = "OKP", ["crv"] = "Ed25519", ["x"] = Base64Url(x) };
            Did = "did:jwk:" + Base64Url(Encoding.UTF8.GetBytes(Jwk.ToJsonString()));
        }

        public JsonObject Jwk { get; }

        public string Did { get; }

        public byte[] Sign(byte[] data)
        {
            var signer = new Ed25519Signer();
            signer.Init(true, _key);
            signer.BlockUpdate(data, 0, data.Length);
            return signer.GenerateSignature();
        }
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static JsonObject Credential(string issuer) => new()
    {
        ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2", "https://cawg.io/identity/1.1/ica/context/"),
        ["type"] = new JsonArray("VerifiableCredential", "IdentityClaimsAggregationCredential"),
        ["issuer"] = issuer,
        ["validFrom"] = "2026-01-01T00:00:00Z",
        ["credentialSubject"] = new JsonObject
        {
            ["verifiedIdentities"] = new JsonArray(new JsonObject
            {
                ["type"] = "cawg.social_media",
                ["name"] = "Jane Doe",
                ["username"] = "jdoe",
                ["uri"] = "https://social.example/jdoe",
                ["verifiedAt"] = "2025-12-01T10:00:00Z",
                ["provider"] = new JsonObject { ["id"] = "https://social.example", ["name"] = "Example Social" },
            }),
            ["c2paAsset"] = IdentityClaimsAggregation.SignerPayloadAsJson(Payload),
        },
    };

    private static IdentityAssertion Envelope(Issuer issuer, JsonObject credential, string? contentType = "application/vc", long algorithm = -8, bool tamper = false)
    {
        var header = new CborWriter(CborConformanceMode.Canonical);
        header.WriteStartMap(contentType is null ? 1 : 2);
        header.WriteInt32(1);
        header.WriteInt64(algorithm);
        if (contentType is not null)
        {
            header.WriteInt32(3);
            header.WriteTextString(contentType);
        }

        header.WriteEndMap();
        var protectedBytes = header.Encode();
        var payload = Encoding.UTF8.GetBytes(credential.ToJsonString());
        var signature = issuer.Sign(SigStructure.ForClaimSignature(protectedBytes, payload));
        if (tamper)
        {
            payload = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(payload).Replace("Jane Doe", "John Doe", StringComparison.Ordinal));
        }

        var cose = new CborWriter(CborConformanceMode.Lax);
        cose.WriteTag((CborTag)CoseSign1.Tag);
        cose.WriteStartArray(4);
        cose.WriteByteString(protectedBytes);
        cose.WriteStartMap(0);
        cose.WriteEndMap();
        cose.WriteByteString(payload);
        cose.WriteByteString(signature);
        cose.WriteEndArray();
        return new IdentityAssertion(Payload, cose.Encode(), new byte[8], null);
    }

    private static async Task<(List<ValidationFinding> Findings, IcaSummary Summary)> ValidateAsync(IdentityAssertion identity, ValidationOptions? options = null)
    {
        var findings = new List<ValidationFinding>();
        var summary = await IdentityClaimsAggregation.ValidateAsync(identity, "self#jumbf=/c2pa/test/c2pa.assertions/cawg.identity", null,
            options ?? new ValidationOptions { ValidationTime = Now }, findings, TestContext.Current.CancellationToken);
        return (findings, summary);
    }

    private static List<string> Failures(List<ValidationFinding> findings) =>
        [.. findings.Where(f => f.Kind == ValidationStatusKind.Failure).Select(f => f.Code).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task A_sound_credential_from_an_issuer_not_on_the_list_is_only_untrusted()
    {
        var issuer = new Issuer();
        var (findings, summary) = await ValidateAsync(Envelope(issuer, Credential(issuer.Did)));

        Assert.Equal([ValidationStatusCodes.CawgIcaUntrustedIssuer], Failures(findings));
        Assert.Equal(IdentityStatus.WellFormed, ManifestValidator.StatusOf(findings));
        var identity = Assert.Single(summary.Identities);
        Assert.Equal(("Jane Doe", "jdoe", "Example Social"), (identity.Name, identity.Username, identity.ProviderName));
        Assert.Equal(issuer.Did, summary.Issuer);
    }

    [Fact]
    public async Task A_trusted_issuer_makes_the_identity_verified()
    {
        var issuer = new Issuer();
        var options = new ValidationOptions { ValidationTime = Now, TrustedIdentityIssuers = new HashSet<string> { issuer.Did } };
        var (findings, summary) = await ValidateAsync(Envelope(issuer, Credential(issuer.Did)), options);

        Assert.Empty(Failures(findings));
        Assert.True(summary.Trusted);
        Assert.Equal(IdentityStatus.Verified, ManifestValidator.StatusOf(findings));
    }

    public static TheoryData<string, string> Breakages() => new()
    {
        { "tampered", ValidationStatusCodes.CawgIcaSignatureMismatch },
        { "content type", ValidationStatusCodes.CawgIcaInvalidContentType },
        { "no content type", ValidationStatusCodes.CawgIcaInvalidContentType },
        { "algorithm", ValidationStatusCodes.CawgIcaInvalidAlg },
        { "not a credential", ValidationStatusCodes.CawgIcaInvalidVerifiableCredential },
        { "issuer not a DID", ValidationStatusCodes.CawgIcaInvalidIssuer },
        { "no validFrom", ValidationStatusCodes.CawgIcaValidFromMissing },
        { "validFrom in the future", ValidationStatusCodes.CawgIcaValidFromInvalid },
        { "expired", ValidationStatusCodes.CawgIcaValidUntilInvalid },
        { "other content", ValidationStatusCodes.CawgIcaSignerPayloadMismatch },
        { "no identities", ValidationStatusCodes.CawgIcaVerifiedIdentitiesMissing },
        { "identity without provider", ValidationStatusCodes.CawgIcaVerifiedIdentitiesInvalid },
        { "status list", ValidationStatusCodes.CawgIcaRevocationUnsupported },
        { "did:example", ValidationStatusCodes.CawgIcaDidUnsupportedMethod },
        { "did:web offline", ValidationStatusCodes.CawgIdentityNetworkTrafficBlocked },
    };

    [Theory]
    [MemberData(nameof(Breakages))]
    public async Task Each_breakage_gives_its_code(string breakage, string code)
    {
        var issuer = new Issuer();
        var credential = Credential(issuer.Did);
        var subject = (JsonObject)credential["credentialSubject"]!;
        var (contentType, algorithm, tamper) = ((string?)"application/vc", -8L, false);
        switch (breakage)
        {
            case "tampered": tamper = true; break;
            case "content type": contentType = "application/json"; break;
            case "no content type": contentType = null; break;
            case "algorithm": algorithm = -257; break;
            case "not a credential": credential["@context"] = new JsonArray("https://example.com/not-vc"); break;
            case "issuer not a DID": credential["issuer"] = "https://issuer.example"; break;
            case "no validFrom": credential.Remove("validFrom"); break;
            case "validFrom in the future": credential["validFrom"] = "2027-01-01T00:00:00Z"; break;
            case "expired": credential["validUntil"] = "2026-02-01T00:00:00Z"; break;
            case "other content": subject["c2paAsset"]!["sig_type"] = "cawg.x509.cose"; break;
            case "no identities": subject["verifiedIdentities"] = new JsonArray(); break;
            case "identity without provider": ((JsonObject)subject["verifiedIdentities"]![0]!).Remove("provider"); break;
            case "status list": credential["credentialStatus"] = new JsonObject { ["type"] = "BitstringStatusListEntry", ["statusPurpose"] = "revocation" }; break;
            case "did:example": credential["issuer"] = "did:example:123"; break;
            case "did:web offline": credential["issuer"] = "did:web:issuer.example"; break;
        }

        var (findings, _) = await ValidateAsync(Envelope(issuer, credential, contentType, algorithm, tamper));

        Assert.Contains(code, Failures(findings));
        Assert.Equal(IdentityStatus.Invalid, ManifestValidator.StatusOf(findings));
    }

    [Fact]
    public async Task Did_web_is_resolved_only_through_the_injected_resolver()
    {
        var issuer = new Issuer();
        const string Did = "did:web:issuer.example";
        var document = new JsonObject
        {
            ["id"] = Did,
            ["verificationMethod"] = new JsonArray(new JsonObject { ["id"] = Did + "#key-1", ["type"] = "JsonWebKey2020", ["controller"] = Did, ["publicKeyJwk"] = issuer.Jwk.DeepClone() }),
            ["assertionMethod"] = new JsonArray("#key-1"),
        };
        var resolver = new RecordingResolver(document.ToJsonString());
        var options = new ValidationOptions { ValidationTime = Now, DidResolver = resolver };

        var (findings, _) = await ValidateAsync(Envelope(issuer, Credential(Did)), options);

        Assert.Equal([Did], resolver.Asked);
        Assert.Equal([ValidationStatusCodes.CawgIcaUntrustedIssuer], Failures(findings));

        resolver = new RecordingResolver(new JsonObject { ["id"] = Did, ["assertionMethod"] = new JsonArray() }.ToJsonString());
        (findings, _) = await ValidateAsync(Envelope(issuer, Credential(Did)), options with { DidResolver = resolver });
        Assert.Equal([ValidationStatusCodes.CawgIcaInvalidDidDocument], Failures(findings));

        (findings, _) = await ValidateAsync(Envelope(issuer, Credential(Did)), options with { DidResolver = new RecordingResolver(null) });
        Assert.Equal([ValidationStatusCodes.CawgIcaDidUnavailable], Failures(findings));
    }

    [Theory]
    [InlineData("did:web:example.com", "https://example.com/.well-known/did.json")]
    [InlineData("did:web:example.com:user:alice", "https://example.com/user/alice/did.json")]
    [InlineData("did:web:example.com%3A8443", "https://example.com:8443/.well-known/did.json")]
    [InlineData("did:web:example.com:..", null)]
    [InlineData("did:key:z6Mk", null)]
    public void Did_web_urls_are_https_only(string did, string? url) => Assert.Equal(url, WebDidResolver.UrlOf(did)?.AbsoluteUri);

    [Theory]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.1.2.3", false)]
    [InlineData("172.20.0.1", false)]
    [InlineData("192.168.1.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("::1", false)]
    [InlineData("fd00::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("::ffff:127.0.0.1", false)]
    [InlineData("93.184.216.34", true)]
    [InlineData("2606:2800:220:1:248:1893:25c8:1946", true)]
    public void The_web_resolver_never_connects_to_a_private_address(string address, bool allowed) =>
        Assert.Equal(allowed, MediaTrust.IO.GuardedHttp.IsPublic(System.Net.IPAddress.Parse(address)));

    [Fact]
    public void A_did_key_with_a_malformed_p256_point_has_no_key()
    {
        // Fuzzing class of the x509-chain finding (docs/robustness.md): BouncyCastle reports a bad point encoding
        // with a FormatException; a did:key must give "no key", not an exception.
        byte[] key = [0x80, 0x24, 0x05, .. Enumerable.Repeat((byte)0x11, 32)]; // p256-pub multicodec, invalid form byte
        var document = Dids.ResolveOffline("did:key:z" + Base58(key));

        Assert.NotNull(document);
        Assert.Null(Dids.AssertionKey(document, out _));
    }

    private static string Base58(byte[] bytes)
    {
        const string Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
        var value = new System.Numerics.BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        var text = new System.Text.StringBuilder();
        while (value > 0)
        {
            text.Insert(0, Alphabet[(int)(value % 58)]);
            value /= 58;
        }

        return text.ToString();
    }

    private sealed class RecordingResolver(string? document) : IDidResolver
    {
        public List<string> Asked { get; } = [];

        public Task<string?> ResolveAsync(string did, CancellationToken cancellationToken = default)
        {
            Asked.Add(did);
            return Task.FromResult(document);
        }
    }
}
