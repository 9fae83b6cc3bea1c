using System.Collections.Concurrent;
using System.Text;
using MediaTrust.Cose;
using MediaTrust.Pki;
using MediaTrust.Testing;
using MediaTrust.Validation;

namespace MediaTrust.Pki;

/// <summary>Shared generated PKIs (RSA key generation is slow) and a helper that signs a claim and validates it.</summary>
internal static class PkiFixtures
{
    /// <summary>Certificates are valid through 2024–2025; tests validate at <see cref="Now"/> unless they say otherwise.</summary>
    public static readonly DateTimeOffset NotBefore = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset NotAfter = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public static readonly byte[] Claim = Encoding.UTF8.GetBytes("{\"a claim\": \"stands in for the CBOR claim bytes\"}");

    private static readonly ConcurrentDictionary<(SigningAlgorithm, string), Lazy<TestPki>> Cache = new();

    public static TestPki Get(SigningAlgorithm algorithm, string name = "MediaTrust Test") =>
        Cache.GetOrAdd((algorithm, name), key => new Lazy<TestPki>(() => TestPki.Create(key.Item1, NotBefore, NotAfter, key.Item2))).Value;

    public static TrustStore TrustFor(TestPki pki) =>
        new TrustStoreBuilder().AddSignerAnchors([pki.Root.Certificate]).AddTimeStampAnchors([pki.Root.Certificate]).Build();

    /// <summary>A signed claim signature, as parts.</summary>
    public sealed record Signed(byte[] ProtectedHeader, byte[] Signature, byte[] CoseSign1, IReadOnlyList<ReadOnlyMemory<byte>> Chain)
    {
        public byte[] SignatureField => SigStructure.SignatureField(Signature);

        public ClaimSignatureInput Input(IReadOnlyList<ReadOnlyMemory<byte>>? tokens = null, bool v2 = true,
            IReadOnlyList<ReadOnlyMemory<byte>>? ocsp = null, long? iat = null, byte[]? claim = null) => new()
        {
            ProtectedHeader = ProtectedHeader,
            Algorithm = null,
            CertificateChain = Chain,
            ClaimBytes = claim ?? Claim,
            Signature = Signature,
            TimeStampTokens = tokens ?? [],
            TimeStampsAreV2 = v2,
            OcspResponses = ocsp ?? [],
            IssuedAt = iat,
        };
    }

    public static Signed Sign(IClaimSigner signer, long? iat = null)
    {
        var chain = signer.CertificateChain.Select(c => (ReadOnlyMemory<byte>)c.RawData).ToList();
        var protectedHeader = CoseSign1Writer.EncodeProtectedHeader(signer.Algorithm, chain, iat);
        var toBeSigned = SigStructure.ForClaimSignature(protectedHeader, Claim);
        var signature = signer.SignAsync(toBeSigned).AsTask().GetAwaiter().GetResult();
        var cose = CoseSign1Writer.Encode(protectedHeader, new CoseUnprotectedHeader(), signature);
        return new Signed(protectedHeader, signature, cose, chain);
    }

    /// <summary>The §14.3 state the signature alone gives (the rule of <see cref="ManifestValidator"/>).</summary>
    public static ValidationState StateOf(ClaimSignatureResult result) => ManifestValidator.StateOf(result.Findings, result);

    public static ClaimSignatureResult Validate(ClaimSignatureInput input, SigningAlgorithm algorithm, TrustStore trust,
        DateTimeOffset? now = null, IOcspClient? online = null) =>
        ManifestValidator.CheckClaimSignatureAsync(input with { Algorithm = (int)algorithm },
            new ValidationOptions { Trust = trust, ValidationTime = now ?? Now, OnlineOcsp = online })
            .AsTask().GetAwaiter().GetResult();
}
