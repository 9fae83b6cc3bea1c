using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MediaTrust.Cose;
using MediaTrust.Formats;
using MediaTrust.Pki;
using MediaTrust.Spec;
using MediaTrust.Testing;

namespace MediaTrust.Validation;

/// <summary>
/// End-to-end tampering through <see cref="Reader.ReadAsync"/>: assets the suite signs itself, then
/// changes in one place. Each case must give the right status code and the right axis — and an
/// untrusted or expired signer must never read as tampering.
/// </summary>
public sealed class TamperTests
{
    public static TheoryData<string> Formats => ["jpeg", "png"];

    private static byte[] Source(string format) => format == "jpeg" ? TestStores.Jpeg() : TestStores.Png();

    private static TestPki Pki => PkiFixtures.Get(SigningAlgorithm.ES256);

    private static async Task<ValidationReport> ValidateAsync(byte[] asset, TestPki? pki = null, DateTimeOffset? at = null)
    {
        var reader = await Reader.ReadAsync(new MemoryStream(asset),
            new ReaderOptions { Validation = new ValidationOptions { Trust = PkiFixtures.TrustFor(pki ?? Pki), ValidationTime = at ?? PkiFixtures.Now } },
            TestContext.Current.CancellationToken);
        return reader.Validation!;
    }

    private static async Task<byte[]> SignedAsync(string format, Func<byte[], Task<byte[]>>? sign = null, TestPki? pki = null)
    {
        using var signer = (pki ?? Pki).CreateClaimSigner();
        return await TestAssets.EmbedAsync(Source(format), signer, sign: sign);
    }

    private static (int Start, int End) StoreSpan(byte[] asset)
    {
        var layout = AssetFormats.Detect(new MemoryStream(asset))!.ReadLayout(new MemoryStream(asset), TestContext.Current.CancellationToken);
        var carriage = layout.Stores[0].Carriage;
        return ((int)carriage.Min(r => r.Start), (int)carriage.Max(r => r.End));
    }

    /// <summary>Flips one bit; in a PNG the store's chunk CRC is recomputed, as a forger would, so only the C2PA checks can notice.</summary>
    private static byte[] Flip(byte[] asset, int offset)
    {
        var copy = asset.ToArray();
        copy[offset] ^= 0x01;
        var type = copy.AsSpan().IndexOf("caBX"u8);
        if (copy[1] == (byte)'P' && type > 0 && offset > type)
        {
            var length = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(copy.AsSpan(type - 4));
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(type + 4 + length), Crc32(copy.AsSpan(type, 4 + length)));
        }

        return copy;
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task The_untouched_asset_is_trusted_and_intact(string format)
    {
        var report = await ValidateAsync(await SignedAsync(format));

        Assert.Empty(report.Failures);
        Assert.Equal(ValidationState.Trusted, report.State);
        Assert.Equal(new ValidationAxes(IntegrityStatus.Intact, SignatureStatus.Valid, SignerTrustStatus.Trusted, TimeStampStatus.None,
            RevocationStatus.NotChecked, ManifestSource.Embedded), report.Axes);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task A_flipped_byte_in_the_image_data_is_a_data_hash_mismatch(string format)
    {
        var signed = await SignedAsync(format);
        var (_, end) = StoreSpan(signed);
        // The last bytes before the trailer are image data in both formats (JPEG entropy data, PNG IDAT after the store).
        var offset = format == "jpeg" ? signed.Length - 4 : signed.AsSpan().IndexOf("IDAT"u8) + 5;
        Assert.True(offset > end || format == "jpeg");

        var report = await ValidateAsync(Flip(signed, offset));

        Assert.Contains(ValidationStatusCodes.AssertionDataHashMismatch, report.Failures.Select(f => f.Code));
        Assert.Equal(IntegrityStatus.Tampered, report.Axes.Integrity);
        Assert.Equal(ConformanceStatus.Conforming, report.Axes.Conformance);
        Assert.Equal(SignatureStatus.Valid, report.Axes.Signature);
        Assert.Equal(SignerTrustStatus.Trusted, report.Axes.SignerTrust);
        Assert.Equal(ValidationState.Invalid, report.State);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task A_flipped_byte_in_an_assertion_is_a_hashed_uri_mismatch(string format)
    {
        var signed = await SignedAsync(format);
        // "c2pa.created" is inside the actions assertion's CBOR.
        var offset = signed.AsSpan().IndexOf("c2pa.created"u8) + 5;

        var report = await ValidateAsync(Flip(signed, offset));

        Assert.Contains(ValidationStatusCodes.AssertionHashedURIMismatch, report.Failures.Select(f => f.Code));
        Assert.Equal(IntegrityStatus.Tampered, report.Axes.Integrity);
        Assert.Equal(SignatureStatus.Valid, report.Axes.Signature);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task A_flipped_byte_in_the_signature_is_a_claim_signature_mismatch(string format)
    {
        byte[]? signatureValue = null;
        var signed = await SignedAsync(format, async claim =>
        {
            using var signer = Pki.CreateClaimSigner();
            var cose = await TestAssets.SignAsync(signer, claim);
            signatureValue = Cose.CoseSign1.Decode(cose).Signature.ToArray();
            return cose;
        });
        var offset = signed.AsSpan().IndexOf(signatureValue) + 10;

        var report = await ValidateAsync(Flip(signed, offset));

        Assert.Contains(ValidationStatusCodes.ClaimSignatureMismatch, report.Failures.Select(f => f.Code));
        Assert.Equal(SignatureStatus.Invalid, report.Axes.Signature);
        Assert.Equal(IntegrityStatus.Intact, report.Axes.Integrity);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Another_signers_certificate_is_a_claim_signature_mismatch(string format)
    {
        var other = PkiFixtures.Get(SigningAlgorithm.ES256, "Another Signer");
        var signed = await SignedAsync(format, async claim =>
        {
            using var signer = Pki.CreateClaimSigner();
            return await TestAssets.SignAsync(new SwappedChain(signer, other), claim);
        });

        var report = await ValidateAsync(signed, other);

        Assert.Contains(ValidationStatusCodes.ClaimSignatureMismatch, report.Failures.Select(f => f.Code));
        Assert.Equal(SignatureStatus.Invalid, report.Axes.Signature);
        Assert.Equal(IntegrityStatus.Intact, report.Axes.Integrity);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task An_untrusted_signer_is_valid_and_never_tampered(string format)
    {
        var stranger = PkiFixtures.Get(SigningAlgorithm.ES256, "Stranger");
        var signed = await SignedAsync(format, pki: stranger);

        var report = await ValidateAsync(signed); // trusts Pki's root, not the stranger's

        Assert.Equal([ValidationStatusCodes.SigningCredentialUntrusted], report.Failures.Select(f => f.Code));
        Assert.Equal(ValidationState.Valid, report.State);
        Assert.Equal(IntegrityStatus.Intact, report.Axes.Integrity);
        Assert.Equal(SignatureStatus.Valid, report.Axes.Signature);
        Assert.Equal(SignerTrustStatus.Untrusted, report.Axes.SignerTrust);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task An_expired_signer_without_a_time_stamp_is_outside_validity(string format)
    {
        var afterExpiry = PkiFixtures.NotAfter.AddMonths(6);

        var report = await ValidateAsync(await SignedAsync(format), at: afterExpiry);

        Assert.Contains(ValidationStatusCodes.ClaimSignatureOutsideValidity, report.Failures.Select(f => f.Code));
        Assert.Equal(TimeStampStatus.None, report.Axes.TimeStamp);
        Assert.Equal(IntegrityStatus.Intact, report.Axes.Integrity);
        Assert.NotEqual(SignerTrustStatus.Untrusted, report.Axes.SignerTrust);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task An_expired_signer_with_a_trusted_time_stamp_is_inside_validity(string format)
    {
        var afterExpiry = PkiFixtures.NotAfter.AddMonths(6);
        var signed = await SignedAsync(format, async claim =>
        {
            using var signer = Pki.CreateClaimSigner();
            return await TestAssets.SignAsync(signer, claim, new TestTimeStampProvider(Pki, PkiFixtures.Now));
        });

        var report = await ValidateAsync(signed, at: afterExpiry);

        Assert.Empty(report.Failures);
        Assert.Contains(ValidationStatusCodes.ClaimSignatureInsideValidity, report.Results.ActiveManifest.Success.Select(f => f.Code));
        Assert.Equal(TimeStampStatus.Trusted, report.Axes.TimeStamp);
        Assert.Equal(ValidationState.Trusted, report.State);
        Assert.Equal(PkiFixtures.Now, report.Signer!.SigningTime);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task A_revoked_signer_in_a_stapled_ocsp_response_is_revoked(string format)
    {
        var ocsp = TestOcspResponder.Respond(Pki.OcspResponder, Pki.Intermediate.Certificate, Pki.Signer.Certificate, OcspAnswer.Revoked,
            PkiFixtures.Now.AddHours(-1), PkiFixtures.Now.AddDays(7), PkiFixtures.Now.AddDays(-10));
        var signed = await SignedAsync(format, async claim =>
        {
            using var signer = Pki.CreateClaimSigner();
            return await TestAssets.SignAsync(signer, claim, ocsp: ocsp);
        });

        var report = await ValidateAsync(signed);

        Assert.Contains(ValidationStatusCodes.SigningCredentialOcspRevoked, report.Failures.Select(f => f.Code));
        Assert.Equal(RevocationStatus.Revoked, report.Axes.Revocation);
        Assert.Equal(IntegrityStatus.Intact, report.Axes.Integrity);
        Assert.Equal(ValidationState.Invalid, report.State);
    }

    /// <summary>Signs with one key but presents another signer's certificate chain.</summary>
    private sealed class SwappedChain(IClaimSigner inner, TestPki other) : IClaimSigner
    {
        public SigningAlgorithm Algorithm => inner.Algorithm;

        public IReadOnlyList<X509Certificate2> CertificateChain { get; } = [other.Signer.Certificate, other.Intermediate.Certificate];

        public ValueTask<byte[]> SignAsync(ReadOnlyMemory<byte> toBeSigned, CancellationToken cancellationToken = default) =>
            inner.SignAsync(toBeSigned, cancellationToken);
    }
}
