using MediaTrust.Cose;
using MediaTrust.Pki;
using MediaTrust.Signing;
using MediaTrust.Spec;
using MediaTrust.Testing;

namespace MediaTrust.Validation;

/// <summary>
/// §15.8.1.2 and §18.17: a <c>c2pa.time-stamp</c> assertion in a later manifest time-stamps an earlier one
/// signed without a time-stamp, so an earlier manifest whose signer has since expired stays valid.
/// </summary>
public sealed class TimeStampAssertionTests
{
    private const string Parent = TestAssets.ParentLabel;
    private const string Child = TestAssets.ChildLabel;
    private const string Ingredient = TestAssets.ParentIngredient;

    private static readonly DateTimeOffset SignedAt = new(2024, 6, 1, 10, 0, 0, TimeSpan.Zero);

    /// <summary>Expired at <see cref="PkiFixtures.Now"/>; valid at <see cref="SignedAt"/>.</summary>
    private static readonly DateTimeOffset ExpiredSignerNotAfter = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly byte[] Asset = TestStores.Png();

    private static async Task<ValidationReport> ValidateAsync(Func<IReadOnlyDictionary<string, byte[]>, byte[]>? timeStampAssertion)
    {
        var pki = PkiFixtures.Get(SigningAlgorithm.ES256);
        var expiredLeaf = pki.Issue(TestPki.SignerTemplate(TestKeyType.P256, PkiFixtures.NotBefore, ExpiredSignerNotAfter, "Expired"), pki.Intermediate);
        using var expired = PemClaimSigner.FromPem(expiredLeaf.PrivateKeyPem, expiredLeaf.CertificatePem + pki.Intermediate.CertificatePem);
        using var signer = pki.CreateClaimSigner();
        List<TestAssertion> childAssertions = [new("c2pa.actions.v2", h => TestAssets.Actions(("c2pa.opened", [(Ingredient, h[Ingredient])])))];
        if (timeStampAssertion is not null)
        {
            childAssertions.Add(new("c2pa.time-stamp", timeStampAssertion));
        }

        var store = await TestAssets.SidecarStoreAsync(Asset, signer,
            new TestManifest(Parent, [TestAssets.Created()]) { Signer = expired },
            new TestManifest(Child, childAssertions) { ParentOfPrevious = true });
        var reader = await Reader.ReadWithManifestAsync(new MemoryStream(Asset), store,
            new ReaderOptions { Validation = new ValidationOptions { Trust = PkiFixtures.TrustFor(pki), ValidationTime = PkiFixtures.Now } },
            cancellationToken: TestContext.Current.CancellationToken);
        return reader.Validation!;
    }

    /// <summary>A time-stamp-map naming the parent, with a token over the parent's signature field (§18.17.3).</summary>
    private static Func<IReadOnlyDictionary<string, byte[]>, byte[]> StampParent(DateTimeOffset genTime, bool otherBytes = false) => h =>
    {
        var pki = PkiFixtures.Get(SigningAlgorithm.ES256);
        var cose = CoseSign1.Decode(h["cose:" + Parent]);
        var stamped = otherBytes ? [.. cose.SignatureFieldEncoded.Span, (byte)0] : cose.SignatureFieldEncoded.ToArray();
        var token = TestTimeStampAuthority.Issue(pki.TimeStampAuthority, [pki.Intermediate.Certificate],
            SigStructure.ForTimeStamp(cose.ProtectedBytes.Span, stamped), genTime);
        return TestAssets.Cbor(w =>
        {
            w.WriteStartMap(1);
            w.WriteTextString(Parent);
            w.WriteByteString(token);
            w.WriteEndMap();
        });
    };

    private static StatusCodes ParentDelta(ValidationReport report) => Assert.Single(report.Results.IngredientDeltas).ValidationDeltas;

    [Fact]
    public async Task Without_a_time_stamp_the_expired_parent_is_outside_validity()
    {
        var report = await ValidateAsync(null);

        Assert.Contains(ParentDelta(report).Failure, f => f.Code == ValidationStatusCodes.ClaimSignatureOutsideValidity);
    }

    [Fact]
    public async Task A_time_stamp_assertion_from_the_signers_lifetime_keeps_the_parent_inside_validity()
    {
        var report = await ValidateAsync(StampParent(SignedAt));

        var delta = ParentDelta(report);
        Assert.DoesNotContain(delta.Failure, f => f.Code == ValidationStatusCodes.ClaimSignatureOutsideValidity);
        var trusted = Assert.Single(delta.Success, f => f.Code == ValidationStatusCodes.TimeStampTrusted);
        Assert.Equal($"self#jumbf=/c2pa/{Child}/c2pa.assertions/c2pa.time-stamp", trusted.Url);
        Assert.Contains(delta.Success, f => f.Code == ValidationStatusCodes.ClaimSignatureInsideValidity && f.Explanation.Contains("2024-06-01", StringComparison.Ordinal));
        Assert.Empty(report.Failures);
    }

    [Fact]
    public async Task A_time_stamp_assertion_over_other_bytes_is_a_mismatch_and_changes_nothing()
    {
        var report = await ValidateAsync(StampParent(SignedAt, otherBytes: true));

        var delta = ParentDelta(report);
        Assert.Contains(delta.Informational, f => f.Code == ValidationStatusCodes.TimeStampMismatch);
        Assert.Contains(delta.Failure, f => f.Code == ValidationStatusCodes.ClaimSignatureOutsideValidity);
    }
}
