using System.Text;
using MediaTrust.Cose;
using MediaTrust.Spec;
using MediaTrust.Testing;
using MediaTrust.Validation;
using static MediaTrust.Pki.PkiFixtures;

namespace MediaTrust.Pki;

public sealed class TrustListTests
{
    private const string Trusted = "http://c2pa.org/conformance/trust-list/trusted";
    private const string Withdrawn = "http://c2pa.org/conformance/trust-list/withdrawn";

    private static readonly DateTimeOffset SignedAt = new(2024, 6, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset ShortLivedNotAfter = new(2024, 6, 2, 0, 0, 0, TimeSpan.Zero);

    // A short-lived signer that expired long before "now", time-stamped while it was valid.
    private static readonly Lazy<(TestPki Pki, PemClaimSigner Signer)> ShortLived = new(() =>
    {
        var pki = Get(SigningAlgorithm.ES256);
        var leaf = pki.Issue(TestPki.SignerTemplate(TestKeyType.P256, NotBefore, ShortLivedNotAfter, "Short-lived"), pki.Intermediate);
        return (pki, PemClaimSigner.FromPem(leaf.PrivateKeyPem, leaf.CertificatePem + pki.Intermediate.CertificatePem));
    });

    private static TrustStore OfficialFor(TestPki pki, string status = Trusted, DateTimeOffset? since = null)
    {
        var issued = new DateTimeOffset(2024, 1, 2, 0, 0, 0, TimeSpan.Zero);
        var signers = TrustList.ParseJson(TrustListJson.Write("C2PA Trust List", issued, ("Test Entity", pki.Root.Certificate, status, since ?? NotBefore)));
        var tsas = TrustList.ParseJson(TrustListJson.Write("C2PA TSA Trust List", issued, ("Test TSA", pki.Root.Certificate, Trusted, NotBefore)));
        return new TrustStoreBuilder().AddOfficialLists(signers, tsas).Build();
    }

    private static byte[] Token(Signed signed, TestPki pki, DateTimeOffset genTime) =>
        TestTimeStampAuthority.Issue(pki.TimeStampAuthority, [pki.Intermediate.Certificate],
            SigStructure.ForTimeStamp(signed.ProtectedHeader, signed.SignatureField), genTime);

    [Fact]
    public void The_bundled_lists_parse_with_their_names_dates_and_entities()
    {
        var signers = BundledTrustLists.Signers;
        var tsas = BundledTrustLists.TimeStamping;

        Assert.Equal("C2PA Trust List", signers.Info.Name);
        Assert.Equal(TrustListKind.Official, signers.Info.Kind);
        Assert.Equal(new DateTimeOffset(2026, 8, 5, 0, 11, 39, TimeSpan.Zero), signers.Info.IssueDate);
        Assert.Equal(1, signers.Info.SequenceNumber);
        Assert.NotNull(signers.Info.NextUpdate);
        Assert.Equal("C2PA TSA Trust List", tsas.Info.Name);
        Assert.Contains(signers.Entries, e => e.EntityName == "Google LLC" && e.IsTrusted && e.StatusStartingTime is not null);
        Assert.True(signers.Entries.Count >= 20);
        Assert.True(tsas.Entries.Count >= 15);
    }

    [Fact]
    public void The_default_store_holds_the_official_lists_for_claim_signing_only()
    {
        var store = TrustStore.Default;

        Assert.Same(store, TrustStore.Default);
        Assert.Equal(["C2PA Trust List", "C2PA TSA Trust List"], store.Lists.Select(l => l.Name));
        Assert.Equal(BundledTrustLists.Signers.Entries.Count, store.SignerAnchors.Count);
        Assert.All(store.SignerAnchors, a => Assert.Equal([CertificateProfile.ClaimSigningEku], a.Ekus!));
        Assert.All(store.SignerAnchors, a => Assert.NotNull(a.EntityName));
        Assert.True(TrustStore.Empty.IsEmpty);
        Assert.Same(ValidationOptionsDefaultTrust(), store);
    }

    private static TrustStore ValidationOptionsDefaultTrust() => ValidationOptions.Default.Trust;

    [Fact]
    public void A_built_store_is_frozen()
    {
        var pki = Get(SigningAlgorithm.ES256);
        var builder = new TrustStoreBuilder();
        var empty = builder.Build();
        builder.AddSignerAnchors([pki.Root.Certificate]).AllowEndEntity(pki.Signer.Certificate);
        var one = builder.Build();
        var two = one.ToBuilder().AddTimeStampAnchors([pki.Root.Certificate]).Build();

        Assert.True(empty.IsEmpty);
        Assert.Single(one.SignerAnchors);
        Assert.Empty(one.TimeStampAnchors);
        Assert.Single(two.TimeStampAnchors);
        Assert.Throws<NotSupportedException>(() => ((ICollection<TrustAnchor>)one.SignerAnchors).Add(new TrustAnchor(pki.Root.Certificate)));
    }

    [Fact]
    public void No_read_changes_trust_for_the_next()
    {
        var pki = Get(SigningAlgorithm.ES256);
        using var signer = pki.CreateClaimSigner();
        var signed = Sign(signer);
        var store = TrustStore.Default;
        var before = (store.SignerAnchors.Count, store.TimeStampAnchors.Count, store.AllowedEndEntityFingerprints.Count, store.SignerEkus.Count, store.Lists.Count);

        // The signature carries its own chain (a self-asserted root included): none of it becomes trusted.
        var chain = signed.Input() with { CertificateChain = [.. signed.Chain, pki.Root.Certificate.RawData] };
        var first = Validate(chain, SigningAlgorithm.ES256, store);
        var second = Validate(signed.Input(), SigningAlgorithm.ES256, store);

        Assert.Equal(SignerTrust.Untrusted, first.Trust);
        Assert.Equal(SignerTrust.Untrusted, second.Trust);
        Assert.Equal(before, (store.SignerAnchors.Count, store.TimeStampAnchors.Count, store.AllowedEndEntityFingerprints.Count, store.SignerEkus.Count, store.Lists.Count));
    }

    [Fact]
    public void An_expired_short_lived_signer_with_a_trusted_time_stamp_is_trusted_by_the_official_lists()
    {
        // The issue's done-when: a short-lived certificate, long expired, time-stamped by a TSA on the (injected) TSA list.
        var (pki, signer) = ShortLived.Value;
        var signed = Sign(signer);
        var token = Token(signed, pki, SignedAt);

        var result = Validate(signed.Input(tokens: [token]), SigningAlgorithm.ES256, OfficialFor(pki), now: new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal(ValidationState.Trusted, StateOf(result));
        Assert.True(result.Has(ValidationStatusCodes.TimeStampTrusted), string.Join("\n", result.Findings));
        Assert.Equal("C2PA Trust List", result.Anchor?.List?.Name);
        Assert.Equal("Test Entity", result.Anchor?.EntityName);
        Assert.Contains(result.Findings, f => f.Code == ValidationStatusCodes.SigningCredentialTrusted && f.Explanation.Contains("C2PA Trust List (issued 2024-01-02)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_file_signed_under_the_official_lists_is_trusted_with_the_default_options_shape()
    {
        // The issue's done-when through the library's front door: a signed file, read with ValidationOptions whose only change
        // from ValidationOptions.Default is that the official lists are the test PKI's (built as TrustStore.Default builds them).
        var (pki, signer) = ShortLived.Value;
        var definition = Signing.ManifestDefinition.FromJson("""
            { "claim_generator_info": [{ "name": "MediaTrust tests" }], "title": "photo.gif",
              "assertions": [{ "label": "c2pa.actions.v2", "data": { "actions": [{ "action": "c2pa.created",
                "digitalSourceType": "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture" }] } }] }
            """);
        using var signed = new MemoryStream();
        await new Signing.ManifestBuilder(definition) { GenerateThumbnails = false, TimeStampProvider = new TestTimeStampProvider(pki, SignedAt) }
            .SignAsync(new MemoryStream(Signing.ManifestBuilderTests.TinyGif()), signed, signer, TestContext.Current.CancellationToken);
        var later = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

        signed.Position = 0;
        var official = await Reader.ReadAsync(signed, new ReaderOptions { Validation = ValidationOptions.Default with { Trust = OfficialFor(pki), ValidationTime = later } },
            TestContext.Current.CancellationToken);
        signed.Position = 0;
        var bundled = await Reader.ReadAsync(signed, new ReaderOptions { Validation = ValidationOptions.Default with { ValidationTime = later } },
            TestContext.Current.CancellationToken);

        Assert.Equal(ValidationState.Trusted, official.Validation!.State);
        Assert.Equal(TimeStampStatus.Trusted, official.Validation.Axes.TimeStamp);
        Assert.Equal("C2PA Trust List", official.Validation.TrustedBy?.Name);
        Assert.Equal(new DateTimeOffset(2024, 1, 2, 0, 0, 0, TimeSpan.Zero), official.Validation.TrustedBy?.IssueDate);
        Assert.Equal("Test Entity", official.Validation.TrustedEntity);
        Assert.Equal(SignedAt, official.Validation.ValidationTime);
        // With the bundled lists, which know neither signer nor TSA, the certificate is checked at "now" and has expired.
        Assert.Equal(ValidationState.Invalid, bundled.Validation!.State);
        Assert.Equal(ValidationStatusCodes.TimeStampUntrusted, bundled.Validation.TimeStampNotReliedOn?.Code);
    }

    [Fact]
    public void A_withdrawn_anchor_is_trusted_only_for_signatures_time_stamped_before_the_withdrawal()
    {
        var (pki, signer) = ShortLived.Value;
        var signed = Sign(signer);
        var token = Token(signed, pki, SignedAt);
        var later = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

        var before = Validate(signed.Input(tokens: [token]), SigningAlgorithm.ES256, OfficialFor(pki, Withdrawn, SignedAt.AddDays(1)), now: later);
        var after = Validate(signed.Input(tokens: [token]), SigningAlgorithm.ES256, OfficialFor(pki, Withdrawn, SignedAt.AddDays(-1)), now: later);
        var noTimeStamp = Validate(signed.Input(), SigningAlgorithm.ES256, OfficialFor(pki, Withdrawn, SignedAt.AddDays(1)), now: later);

        Assert.Equal(SignerTrust.Trusted, before.Trust);
        Assert.Equal(SignerTrust.Untrusted, after.Trust);
        Assert.Equal(SignerTrust.Untrusted, noTimeStamp.Trust); // validated at "now", after the withdrawal
    }

    [Fact]
    public void The_official_signer_list_vouches_only_for_claim_signing_certificates()
    {
        var pki = Get(SigningAlgorithm.ES256);
        var leaf = pki.Issue(TestPki.SignerTemplate(TestKeyType.P256, NotBefore, NotAfter, "Legacy") with { Ekus = ["1.3.6.1.5.5.7.3.4"] }, pki.Intermediate);
        using var signer = PemClaimSigner.FromPem(leaf.PrivateKeyPem, leaf.CertificatePem + pki.Intermediate.CertificatePem);

        var result = Validate(Sign(signer).Input(), SigningAlgorithm.ES256, OfficialFor(pki));

        Assert.Equal(SignerTrust.Untrusted, result.Trust);
    }

    [Fact]
    public void A_list_that_is_neither_json_nor_pem_is_rejected()
    {
        Assert.Throws<FormatException>(() => TrustList.ParseJson(Encoding.UTF8.GetBytes("{\"LoTE\": {}}")));
        Assert.Throws<FormatException>(() => TrustList.ParseJson(Encoding.UTF8.GetBytes("{ not json")));
        Assert.Throws<FormatException>(() => TrustList.Parse(Encoding.UTF8.GetBytes("hello"), new TrustListInfo("x", TrustListKind.User)));
    }
}
