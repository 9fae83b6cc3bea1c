using MediaTrust.Cose;
using MediaTrust.Pki;
using MediaTrust.Signing;
using MediaTrust.Spec;
using MediaTrust.Testing;

namespace MediaTrust.Validation;

/// <summary>The assertion rules of spec 2.2 §15.10 and §11.2.3, each on a manifest built and signed for it.</summary>
public sealed class AssertionRuleTests
{
    private const string Parent = TestAssets.ParentLabel;
    private const string Child = TestAssets.ChildLabel;

    private static readonly byte[] Asset = TestStores.Png();

    private static Task<ValidationReport> ValidateAsync(params TestManifest[] manifests) => TestAssets.ValidateSidecarAsync(Asset, manifests);

    private static IEnumerable<string> Failures(ValidationReport report) => report.Failures.Select(f => f.Code);

    [Fact]
    public async Task A_well_formed_manifest_is_trusted_with_no_failure()
    {
        var report = await ValidateAsync(new TestManifest(Parent, [TestAssets.Created()]));

        Assert.Empty(report.Failures);
        Assert.Equal(ValidationState.Trusted, report.State);
    }

    [Fact]
    public async Task Redacting_an_assertion_that_is_still_present_is_notRedacted()
    {
        var report = await ValidateAsync(
            new TestManifest(Parent, [TestAssets.Created(), new("stds.exif", TestAssets.Map(("exif:Make", "x")))]),
            new TestManifest(Child, [TestAssets.Created()]) { ParentOfPrevious = true, Redacted = [$"self#jumbf=/c2pa/{Parent}/c2pa.assertions/stds.exif"] });

        Assert.Contains(ValidationStatusCodes.AssertionNotRedacted, Failures(report));
        Assert.Equal(ValidationState.Invalid, report.State);
    }

    [Fact]
    public async Task Redacting_an_own_assertion_is_selfRedacted()
    {
        var report = await ValidateAsync(new TestManifest(Parent, [TestAssets.Created()]) { Redacted = [$"self#jumbf=/c2pa/{Parent}/c2pa.assertions/stds.exif"] });

        Assert.Contains(ValidationStatusCodes.AssertionSelfRedacted, Failures(report));
    }

    [Theory]
    [InlineData("c2pa.actions.v2", ValidationStatusCodes.AssertionActionRedacted)]
    [InlineData("c2pa.hash.data", ValidationStatusCodes.AssertionDataHashRedacted)]
    public async Task Actions_and_hard_bindings_may_not_be_redacted(string label, string code)
    {
        var report = await ValidateAsync(
            new TestManifest(Parent, [TestAssets.Created()]),
            new TestManifest(Child, [TestAssets.Created()]) { ParentOfPrevious = true, Redacted = [$"self#jumbf=/c2pa/{Parent}/c2pa.assertions/{label}"] });

        Assert.Contains(code, Failures(report));
    }

    [Fact]
    public async Task A_redacted_assertion_that_is_gone_is_valid()
    {
        // The parent declares stds.exif, and the child redacted it: the box is gone, the reference is not a failure.
        var pki = PkiFixtures.Get(SigningAlgorithm.ES256);
        using var signer = pki.CreateClaimSigner();
        var store = await TestAssets.SidecarStoreAsync(Asset, signer,
            new TestManifest(Parent, [TestAssets.Created(), new("stds.exif", TestAssets.Map(("exif:Make", "x")))]),
            new TestManifest(Child, [TestAssets.Created()]) { ParentOfPrevious = true, Redacted = [$"self#jumbf=/c2pa/{Parent}/c2pa.assertions/stds.exif"] });
        var parsed = Manifests.ManifestStore.Parse(store);
        var exif = parsed.Resolve($"self#jumbf=/c2pa/{Parent}/c2pa.assertions/stds.exif")!;
        // Redaction replaces the box's label so it no longer resolves; the bytes stay in place (same length).
        var redacted = store.ToArray();
        var at = exif.Raw.Span.IndexOf("stds.exif"u8);
        var offset = store.AsSpan().IndexOf(exif.Raw.Span) + at;
        "xxxx.xxxx"u8.CopyTo(redacted.AsSpan(offset));

        var reader = await Reader.ReadWithManifestAsync(new MemoryStream(Asset), redacted,
            new ReaderOptions { Validation = new ValidationOptions { Trust = PkiFixtures.TrustFor(pki), ValidationTime = PkiFixtures.Now } },
            cancellationToken: TestContext.Current.CancellationToken);

        var parentDelta = reader.Validation!.Results.IngredientDeltas.Single().ValidationDeltas;
        Assert.DoesNotContain(parentDelta.Failure, f => f.Code is ValidationStatusCodes.AssertionMissing or ValidationStatusCodes.AssertionHashedURIMismatch);
        Assert.DoesNotContain(ValidationStatusCodes.AssertionNotRedacted, Failures(reader.Validation));
    }

    [Fact]
    public async Task An_update_manifest_with_a_hard_binding_a_thumbnail_or_an_edit_is_invalid()
    {
        var report = await ValidateAsync(
            new TestManifest(Parent, [TestAssets.Created()]),
            new TestManifest(Child,
            [
                new("c2pa.actions.v2", TestAssets.Actions(("c2pa.color_adjustments", null))),
                new("c2pa.thumbnail.claim.jpeg", [0xFF, 0xD8, 0xFF, 0xD9], AssertionContentKind.EmbeddedFile),
                new("c2pa.hash.data", TestAssets.Map(("name", "x"))),
            ]) { Update = true, ParentOfPrevious = true });

        var update = report.Failures.Where(f => f.Code == ValidationStatusCodes.ManifestUpdateInvalid).ToList();
        Assert.Equal(3, update.Count);
        Assert.Contains(update, f => f.Explanation.Contains("c2pa.color_adjustments", StringComparison.Ordinal));
        Assert.Contains(update, f => f.Explanation.Contains("thumbnail", StringComparison.Ordinal));
        Assert.Contains(update, f => f.Explanation.Contains("c2pa.hash.data", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_update_manifest_with_allowed_actions_is_valid()
    {
        var report = await ValidateAsync(
            new TestManifest(Parent, [TestAssets.Created()]),
            new TestManifest(Child, [new("c2pa.actions.v2", TestAssets.Actions(("c2pa.edited.metadata", null)))]) { Update = true, ParentOfPrevious = true });

        Assert.Empty(report.Failures);
        Assert.Equal(IntegrityStatus.Intact, report.Axes.Integrity);
    }

    [Fact]
    public async Task An_update_manifest_without_its_parent_is_wrongParents()
    {
        var report = await ValidateAsync(
            new TestManifest(Parent, [TestAssets.Created()]),
            new TestManifest(Child, [new("c2pa.actions.v2", TestAssets.Actions(("c2pa.published", null)))]) { Update = true });

        Assert.Contains(ValidationStatusCodes.ManifestUpdateWrongParents, Failures(report));
    }

    [Fact]
    public async Task A_v2_standard_manifest_must_start_with_created_or_opened()
    {
        var report = await ValidateAsync(new TestManifest(Parent, [new("c2pa.actions.v2", TestAssets.Actions(("c2pa.edited", null), ("c2pa.created", null)))]));

        var malformed = report.Failures.Where(f => f.Code == ValidationStatusCodes.AssertionActionMalformed).ToList();
        Assert.Equal(2, malformed.Count); // created as action 1, and no valid first action
    }

    [Fact]
    public async Task A_second_created_action_is_malformed()
    {
        var report = await ValidateAsync(new TestManifest(Parent,
        [
            new("c2pa.actions.v2", TestAssets.Actions(("c2pa.created", null))),
            new("c2pa.actions.v2__1", TestAssets.Actions(("c2pa.created", null))),
        ]));

        Assert.Single(report.Failures, f => f.Code == ValidationStatusCodes.AssertionActionMalformed);
    }

    [Fact]
    public async Task An_actions_assertion_without_actions_is_malformed()
    {
        var report = await ValidateAsync(new TestManifest(Parent, [new("c2pa.actions.v2", TestAssets.Map(("softwareAgent", "x")))]));

        Assert.Contains(ValidationStatusCodes.AssertionActionMalformed, Failures(report));
    }

    [Fact]
    public async Task Opened_must_name_the_parentOf_ingredient_with_a_matching_hash()
    {
        const string Ingredient = "self#jumbf=c2pa.assertions/c2pa.ingredient.v3";
        var good = await ValidateAsync(
            new TestManifest(Parent, [TestAssets.Created()]),
            new TestManifest(Child, [new("c2pa.actions.v2", h => TestAssets.Actions(("c2pa.opened", [(Ingredient, h[Ingredient])])))]) { ParentOfPrevious = true });
        var wrongHash = await ValidateAsync(
            new TestManifest(Parent, [TestAssets.Created()]),
            new TestManifest(Child, [new("c2pa.actions.v2", _ => TestAssets.Actions(("c2pa.opened", [(Ingredient, new byte[32])])))]) { ParentOfPrevious = true });
        var missing = await ValidateAsync(
            new TestManifest(Parent, [TestAssets.Created()]),
            new TestManifest(Child, [new("c2pa.actions.v2", TestAssets.Actions(("c2pa.opened", null)))]) { ParentOfPrevious = true });
        var unresolved = await ValidateAsync(
            new TestManifest(Parent, [TestAssets.Created()]),
            new TestManifest(Child, [new("c2pa.actions.v2", TestAssets.Actions(("c2pa.opened", [("self#jumbf=c2pa.assertions/c2pa.ingredient.v3__9", new byte[32])])))]) { ParentOfPrevious = true });

        Assert.DoesNotContain(ValidationStatusCodes.AssertionActionIngredientMismatch, Failures(good));
        Assert.Empty(good.Failures);
        Assert.Contains(ValidationStatusCodes.AssertionActionIngredientMismatch, Failures(wrongHash));
        Assert.Contains(ValidationStatusCodes.AssertionActionIngredientMismatch, Failures(missing));
        Assert.Contains(ValidationStatusCodes.AssertionActionIngredientMismatch, Failures(unresolved));
    }

    [Fact]
    public async Task Metadata_outside_the_allow_list_is_disallowed()
    {
        var allowed = await ValidateAsync(new TestManifest(Parent,
            [TestAssets.Created(), new("c2pa.metadata", """{"@context":{"exif":"http://ns.adobe.com/exif/1.0/"},"exif:GPSLatitude":"1"}"""u8.ToArray(), AssertionContentKind.Json)]));
        var disallowed = await ValidateAsync(new TestManifest(Parent,
            [TestAssets.Created(), new("c2pa.metadata", """{"@context":{"exif":"http://ns.adobe.com/exif/1.0/"},"exif:GPSLatitude":"1","foo:bar":"2"}"""u8.ToArray(), AssertionContentKind.Json)]));

        Assert.Empty(allowed.Failures);
        var finding = Assert.Single(disallowed.Failures);
        Assert.Equal(ValidationStatusCodes.AssertionMetadataDisallowed, finding.Code);
        Assert.Contains("foo:bar", finding.Explanation, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("prefix bound to the Exif namespace", """{"@context":{"exif":"http://ns.adobe.com/exif/1.0/"},"exif:GPSLatitude":"1"}""", true)]
    [InlineData("another prefix bound to the Exif namespace", """{"@context":{"e":"http://ns.adobe.com/exif/1.0/"},"e:GPSLatitude":"1"}""", true)]
    [InlineData("full IRI", """{"@context":{},"http://ns.adobe.com/exif/1.0/GPSLatitude":"1"}""", true)]
    [InlineData("term defined as an IRI", """{"@context":{"lat":{"@id":"http://ns.adobe.com/exif/1.0/GPSLatitude"}},"lat":"1"}""", true)]
    [InlineData("term defined as a compact IRI", """{"@context":["https://example.com/remote",{"exif":"http://ns.adobe.com/exif/1.0/","lat":"exif:GPSLatitude"}],"lat":"1"}""", true)]
    [InlineData("ExifEx as Example 15 binds it", """{"@context":{"exifEX":"http://cipa.jp/exif/2.32/"},"exifEX:LensMake":"x"}""", true)]
    [InlineData("no @context: judged as written", """{"exif:GPSLatitude":"1"}""", true)]
    [InlineData("exif bound to another namespace", """{"@context":{"exif":"http://example.com/not-exif/"},"exif:GPSLatitude":"1"}""", false)]
    [InlineData("an allowed namespace, a field it does not allow", """{"@context":{"exif":"http://ns.adobe.com/exif/1.0/"},"exif:MakerNote":"1"}""", false)]
    [InlineData("undefined term", """{"@context":{"exif":"http://ns.adobe.com/exif/1.0/"},"GPSLatitude":"1"}""", false)]
    public async Task Metadata_fields_are_judged_by_the_namespace_their_context_gives_them(string what, string json, bool allowed)
    {
        var report = await ValidateAsync(new TestManifest(Parent,
            [TestAssets.Created(), new("c2pa.metadata", System.Text.Encoding.UTF8.GetBytes(json), AssertionContentKind.Json)]));

        Assert.True(allowed == !Failures(report).Contains(ValidationStatusCodes.AssertionMetadataDisallowed), what);
    }

    [Fact]
    public async Task Cloud_data_rules()
    {
        static TestAssertion Cloud(params (string, string)[] fields) => new("c2pa.cloud-data", TestAssets.Map(fields));
        var malformed = await ValidateAsync(new TestManifest(Parent, [TestAssets.Created(), Cloud(("label", "stds.exif"))]));
        var hardBinding = await ValidateAsync(new TestManifest(Parent,
            [TestAssets.Created(), Cloud(("label", "c2pa.hash.data"), ("size", "1"), ("location", "https://x"), ("content_type", "application/cbor"))]));
        var actions = await ValidateAsync(
            new TestManifest(Parent, [TestAssets.Created()]),
            new TestManifest(Child, [Cloud(("label", "c2pa.actions.v2"), ("size", "1"), ("location", "https://x"), ("content_type", "application/cbor"))]) { Update = true, ParentOfPrevious = true });

        Assert.Contains(ValidationStatusCodes.AssertionCloudDataMalformed, Failures(malformed));
        Assert.Contains(ValidationStatusCodes.AssertionCloudDataHardBinding, Failures(hardBinding));
        Assert.Contains(ValidationStatusCodes.AssertionCloudDataActions, Failures(actions));
    }

    [Fact]
    public async Task The_ingredient_depth_bound_is_reported()
    {
        var report = await TestAssets.ValidateSidecarAsync(Asset,
            [new TestManifest(Parent, [TestAssets.Created()]), new TestManifest(Child, [TestAssets.Created()]) { ParentOfPrevious = true }],
            options => options with { MaxIngredientDepth = 0 });

        var delta = Assert.Single(report.Results.IngredientDeltas);
        Assert.Equal(ValidationStatusCodes.IngredientDepthLimit, Assert.Single(delta.ValidationDeltas.Informational).Code);
    }

    [Fact]
    public async Task Two_embedded_stores_are_an_error_the_report_states()
    {
        var pki = PkiFixtures.Get(SigningAlgorithm.ES256);
        using var signer = pki.CreateClaimSigner();
        var signed = await TestAssets.EmbedAsync(TestStores.Png(), signer);
        // Duplicate the caBX chunk: a second, identical store right after the first.
        var layout = Formats.AssetFormats.Detect(new MemoryStream(signed))!.ReadLayout(new MemoryStream(signed), TestContext.Current.CancellationToken);
        var carriage = layout.Stores[0].Carriage;
        var start = (int)carriage.Min(r => r.Start);
        var end = (int)carriage.Max(r => r.End);
        byte[] twice = [.. signed[..end], .. signed[start..end], .. signed[end..]];

        var reader = await Reader.ReadAsync(new MemoryStream(twice),
            new ReaderOptions { Validation = new ValidationOptions { Trust = PkiFixtures.TrustFor(pki), ValidationTime = PkiFixtures.Now } },
            TestContext.Current.CancellationToken);

        Assert.Equal(2, reader.EmbeddedStoreCount);
        var finding = Assert.Single(reader.Validation!.Failures, f => f.Code == ValidationStatusCodes.GeneralError);
        Assert.Contains("2 C2PA manifest stores", finding.Explanation, StringComparison.Ordinal);
        Assert.Equal(ValidationState.Invalid, reader.Validation.State);
    }
}
