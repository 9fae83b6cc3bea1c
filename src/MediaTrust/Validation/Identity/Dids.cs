using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MediaTrust.Cose;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace MediaTrust.Validation.Identity;

/// <summary>A public key taken from a DID document: an Ed25519 key or an EC point on P-256, P-384 or P-521.</summary>
/// <param name="Curve">JWK crv: <c>Ed25519</c>, <c>P-256</c>, <c>P-384</c> or <c>P-521</c>.</param>
/// <param name="X">The Ed25519 key, or the EC x coordinate.</param>
/// <param name="Y">The EC y coordinate; null for Ed25519.</param>
internal sealed record DidPublicKey(string Curve, byte[] X, byte[]? Y)
{
    /// <summary>Verifies a COSE signature (raw r‖s for ECDSA, RFC 9053 §2.1); false when the algorithm does not fit the key.</summary>
    public bool Verify(SigningAlgorithm algorithm, ReadOnlySpan<byte> toBeSigned, ReadOnlySpan<byte> signature)
    {
        if (Curve == "Ed25519")
        {
            if (algorithm != SigningAlgorithm.EdDSA || X.Length != Ed25519PublicKeyParameters.KeySize)
            {
                return false;
            }

            var verifier = new Ed25519Signer();
            verifier.Init(false, new Ed25519PublicKeyParameters(X));
            verifier.BlockUpdate(toBeSigned.ToArray(), 0, toBeSigned.Length);
            return verifier.VerifySignature(signature.ToArray());
        }

        var curve = Curve switch
        {
            "P-256" => ECCurve.NamedCurves.nistP256,
            "P-384" => ECCurve.NamedCurves.nistP384,
            "P-521" => ECCurve.NamedCurves.nistP521,
            _ => (ECCurve?)null,
        };
        if (curve is null || Y is null || !algorithm.IsEcdsa())
        {
            return false;
        }

        try
        {
            using var ecdsa = ECDsa.Create(new ECParameters { Curve = curve.Value, Q = new ECPoint { X = X, Y = Y } });
            return ecdsa.VerifyData(toBeSigned, signature, algorithm.Hash(), DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}

/// <summary>
/// Decentralized identifiers as identity claims aggregation needs them (CAWG identity 1.3, "DID methods" and "DID
/// verification methods"): <c>did:key</c> and <c>did:jwk</c> resolve offline from the identifier itself; any DID
/// document yields the key of its <c>assertionMethod</c> (W3C DID 1.0 §5.3.2).
/// </summary>
internal static class Dids
{
    /// <summary>The verification method types whose key material is read.</summary>
    public static readonly IReadOnlySet<string> SupportedMethodTypes = new HashSet<string>(
        ["JsonWebKey2020", "JsonWebKey", "Ed25519VerificationKey2020", "Ed25519VerificationKey2018", "Multikey", "EcdsaSecp256r1VerificationKey2019"],
        StringComparer.Ordinal);

    /// <summary>The largest DID document read (bytes): a document is a few keys, never megabytes.</summary>
    public const int MaxDocumentLength = 256 * 1024;

    /// <summary>Whether the DID's method resolves offline here.</summary>
    public static bool IsOffline(string did) => did.StartsWith("did:key:", StringComparison.Ordinal) || did.StartsWith("did:jwk:", StringComparison.Ordinal);

    /// <summary>The DID method (<c>web</c> for <c>did:web:example.com</c>); null when <paramref name="did"/> is not a DID.</summary>
    public static string? Method(string did)
    {
        var parts = did.Split(':', 3);
        return parts.Length == 3 && parts[0] == "did" && parts[1].Length > 0 && parts[1].All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c)) && parts[2].Length > 0
            ? parts[1]
            : null;
    }

    /// <summary>The DID document of a <c>did:key</c> or <c>did:jwk</c>, built from the identifier; null when it does not decode.</summary>
    public static JsonObject? ResolveOffline(string did)
    {
        var id = did.Split('#')[0];
        JsonObject? method;
        if (id.StartsWith("did:jwk:", StringComparison.Ordinal))
        {
            var jwk = Base64UrlDecode(id["did:jwk:".Length..]);
            method = jwk is null ? null : Parse(jwk) is JsonObject key ? new JsonObject { ["type"] = "JsonWebKey2020", ["publicKeyJwk"] = key } : null;
        }
        else if (id.StartsWith("did:key:", StringComparison.Ordinal))
        {
            method = new JsonObject { ["type"] = "Multikey", ["publicKeyMultibase"] = id["did:key:".Length..] };
        }
        else
        {
            return null;
        }

        if (method is null)
        {
            return null;
        }

        var methodId = id + "#0";
        method["id"] = methodId;
        method["controller"] = id;
        return new JsonObject
        {
            ["id"] = id,
            ["verificationMethod"] = new JsonArray(method),
            ["assertionMethod"] = new JsonArray(methodId),
        };
    }

    /// <summary>Parses a DID document; null when it is not a JSON object or exceeds <see cref="MaxDocumentLength"/>.</summary>
    public static JsonObject? ParseDocument(string json) =>
        json.Length > MaxDocumentLength ? null : Parse(Encoding.UTF8.GetBytes(json)) as JsonObject;

    /// <summary>The public key of the document's first usable assertionMethod; null with why when there is none.</summary>
    public static DidPublicKey? AssertionKey(JsonObject document, out string? problem)
    {
        var id = document["id"]?.GetValueKind() == JsonValueKind.String ? document["id"]!.GetValue<string>() : "";
        if (document["assertionMethod"] is not JsonArray methods || methods.Count == 0)
        {
            problem = "the DID document has no assertionMethod";
            return null;
        }

        problem = "no assertionMethod of the DID document holds a supported public key";
        foreach (var entry in methods)
        {
            var method = entry switch
            {
                JsonObject embedded => embedded,
                JsonValue reference when reference.TryGetValue<string>(out var r) => FindMethod(document, r, id),
                _ => null,
            };
            if (method?["type"] is not JsonValue type || !type.TryGetValue<string>(out var typeName) || !SupportedMethodTypes.Contains(typeName))
            {
                continue;
            }

            if (KeyOf(method) is { } key)
            {
                problem = null;
                return key;
            }
        }

        return null;
    }

    private static JsonObject? FindMethod(JsonObject document, string reference, string documentId)
    {
        var full = reference.StartsWith('#') ? documentId + reference : reference;
        return (document["verificationMethod"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(m =>
            m["id"] is JsonValue v && v.TryGetValue<string>(out var mid) && (mid == full || (mid.StartsWith('#') && documentId + mid == full)));
    }

    private static DidPublicKey? KeyOf(JsonObject method)
    {
        if (method["publicKeyJwk"] is JsonObject jwk)
        {
            var kty = Text(jwk, "kty");
            var crv = Text(jwk, "crv");
            var x = Text(jwk, "x") is { } xs ? Base64UrlDecode(xs) : null;
            if (kty == "OKP" && crv == "Ed25519" && x is { Length: 32 })
            {
                return new DidPublicKey("Ed25519", x, null);
            }

            var y = Text(jwk, "y") is { } ys ? Base64UrlDecode(ys) : null;
            return kty == "EC" && crv is "P-256" or "P-384" or "P-521" && x is not null && y is not null ? new DidPublicKey(crv, x, y) : null;
        }

        if (Text(method, "publicKeyMultibase") is { } multibase && multibase.StartsWith('z'))
        {
            var bytes = Base58.Decode(multibase[1..]);
            if (bytes is null || bytes.Length < 3)
            {
                return null;
            }

            // Multicodec prefixes (varint): ed25519-pub 0xed, p256-pub 0x1200, p384-pub 0x1201 (compressed points).
            if (bytes[0] == 0xed && bytes[1] == 0x01 && bytes.Length == 34)
            {
                return new DidPublicKey("Ed25519", bytes[2..], null);
            }

            // An Ed25519VerificationKey2018/2020 value may be the bare key.
            if (bytes.Length == 32 && Text(method, "type") is "Ed25519VerificationKey2020" or "Ed25519VerificationKey2018")
            {
                return new DidPublicKey("Ed25519", bytes, null);
            }

            var curve = (bytes[0], bytes[1]) switch
            {
                (0x80, 0x24) => "P-256",
                (0x81, 0x24) => "P-384",
                _ => null,
            };
            if (curve is null)
            {
                return null;
            }

            try
            {
                var point = ECNamedCurveTable.GetByName(curve).Curve.DecodePoint(bytes[2..]).Normalize();
                return new DidPublicKey(curve, point.AffineXCoord.GetEncoded(), point.AffineYCoord.GetEncoded());
            }
            catch (Exception e) when (e is ArgumentException or FormatException) // BouncyCastle: a point that is not on the curve, or a bad encoding

            {
                return null;
            }
        }

        return null;
    }

    private static string? Text(JsonObject node, string name) =>
        node[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static JsonNode? Parse(byte[] json)
    {
        try
        {
            return JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Base64url without padding (RFC 4648 §5); null when malformed.</summary>
    public static byte[]? Base64UrlDecode(string text)
    {
        var standard = text.Replace('-', '+').Replace('_', '/');
        standard += (standard.Length % 4) switch { 2 => "==", 3 => "=", _ => "" };
        try
        {
            return Convert.FromBase64String(standard);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Base58 (the Bitcoin alphabet, multibase 'z'), bounded to short keys.</summary>
    private static class Base58
    {
        private const string Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

        public static byte[]? Decode(string text)
        {
            if (text.Length is 0 or > 256)
            {
                return null;
            }

            var value = System.Numerics.BigInteger.Zero;
            foreach (var c in text)
            {
                var digit = Alphabet.IndexOf(c, StringComparison.Ordinal);
                if (digit < 0)
                {
                    return null;
                }

                value = value * 58 + digit;
            }

            var bytes = value.IsZero ? [] : value.ToByteArray(isUnsigned: true, isBigEndian: true);
            var zeros = text.TakeWhile(c => c == '1').Count();
            return [.. new byte[zeros], .. bytes];
        }
    }
}
