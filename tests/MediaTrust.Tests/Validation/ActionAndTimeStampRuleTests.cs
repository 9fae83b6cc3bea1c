using System.Formats.Cbor;
using MediaTrust.Cose;
using MediaTrust.Pki;
using MediaTrust.Signing;
using MediaTrust.Spec;
using MediaTrust.Testing;

namespace MediaTrust.Validation;

/// <summary>
/// The first-action rule, <c>c2pa.redacted</c> actions (§15.10.3.2.2) and the <c>c2pa.time-stamp</c>
/// assertion (§15.10.3.2.4, §18.17), each on a manifest built and signed for it.
/// </summary>
public sealed class ActionAndTimeStampRuleTests
{
    private const string Parent = TestAssets.ParentLabel;
    private const string Child = TestAssets.ChildLabel;
    private const string Ingredient = TestAssets.ParentIngredient;
    private const string Exif = $"self#jumbf=/c2pa/{Parent}/c2pa.assertions/stds.exif";

    private static readonly byte[] Asset = TestStores.Png();

    private static Task<ValidationReport> ValidateAsync(params TestManifest[] manifests) => TestAssets.ValidateSidecarAsync(Asset, manifests);

    private static List<string> Codes(ValidationReport report, string code) => [.. report.Failures.Where(f => f.Code == code).Select(f => f.Explanation)];

    [Fact]
    public async Task Opened_then_created_is_malformed()
    {
        // §15.10.3.2.1: created or opened "shall be the first action"; here opened is first (and names its
        // parentOf ingredient correctly), so the created that follows it is the violation.
        var report = await ValidateAsync(
            new TestManifest(Parent, [TestAssets.Created()]),
            new TestManifest(Child, [new("c2pa.actions.v2", h => TestAssets.Actions(("c2pa.opened", [(Ingredient, h[Ingredient])]), ("c2pa.created", null)))]) { ParentOfPrevious = true });

        var malformed = Assert.Single(Codes(report, ValidationStatusCodes.AssertionActionMalformed));
        Assert.Contains("c2pa.created is action 1", malformed, StringComparison.Ordinal);
        Assert.Equal(ValidationState.Invalid, report.State);

        // A malformed action list is a conformance problem, not tampering (docs/validation.md).
        Assert.Equal(ConformanceStatus.Nonconforming, report.Axes.Conformance);
        Assert.NotEqual(IntegrityStatus.Tampered, report.Axes.Integrity);
    }

    [Fact]
    public async Task Opened_then_created_signed_by_the_manifest_builder_is_malformed()
    {
        // The case the signing engineer saw: a definition whose actions are opened then created, signed as usual.
        var definition = ManifestDefinition.FromJson("""
            { "claim_generator_info": [{ "name": "MediaTrust tests", "version": "1.0" }], "title": "tiny.gif",
              "assertions": [ { "label": "c2pa.actions.v2", "data": { "actions": [ { "action": "c2pa.opened" }, { "action": "c2pa.created" } ] } } ] }
            """);
        var pki = PkiFixtures.Get(SigningAlgorithm.ES256);
        using var signer = pki.CreateClaimSigner();
        using var signed = new MemoryStream();
        await new ManifestBuilder(definition).SignAsync(new MemoryStream(ManifestBuilderTests.TinyGif()), signed, signer, TestContext.Current.CancellationToken);
        signed.Position = 0;

        var reader = await Reader.ReadAsync(signed,
            new ReaderOptions { Validation = new ValidationOptions { Trust = PkiFixtures.TrustFor(pki), ValidationTime = PkiFixtures.Now } },
            TestContext.Current.CancellationToken);

        Assert.Contains(reader.Validation!.Failures, f => f.Code == ValidationStatusCodes.AssertionActionMalformed && f.Explanation.Contains("c2pa.created is action 1", StringComparison.Ordinal));
        Assert.Equal(ValidationState.Invalid, reader.Validation.State);
    }

    /// <summary>A c2pa.actions.v2 payload: created, then c2pa.redacted with the given <c>parameters.redacted</c> (none when null).</summary>
    private static byte[] RedactedAction(string? redacted) => TestAssets.Cbor(w =>
    {
        w.WriteStartMap(1);
        w.WriteTextString("actions");
        w.WriteStartArray(2);
        w.WriteStartMap(1);
        w.WriteTextString("action");
        w.WriteTextString("c2pa.opened");
        w.WriteEndMap();
        w.WriteStartMap(redacted is null ? 1 : 2);
        w.WriteTextString("action");
        w.WriteTextString("c2pa.redacted");
        if (redacted is not null)
        {
            w.WriteTextString("parameters");
            w.WriteStartMap(1);
            w.WriteTextString("redacted");
            w.WriteTextString(redacted);
            w.WriteEndMap();
        }

        w.WriteEndMap();
        w.WriteEndArray();
        w.WriteEndMap();
    });

    private static Task<ValidationReport> RedactingAsync(string? actionSays, IReadOnlyList<string> claimRedacts) => ValidateAsync(
        new TestManifest(Parent, [TestAssets.Created(), new("stds.exif", TestAssets.Map(("exif:Make", "x")))]),
        new TestManifest(Child, [new("c2pa.actions.v2", RedactedAction(actionSays))]) { ParentOfPrevious = true, Redacted = claimRedacts });

    [Fact]
    public async Task A_redacted_action_naming_a_listed_redaction_is_not_a_mismatch()
    {
        var report = await RedactingAsync(Exif, [Exif]);

        Assert.Empty(Codes(report, ValidationStatusCodes.AssertionActionRedactionMismatch));
    }

    [Fact]
    public async Task A_redacted_action_without_parameters_redacted_is_a_redactionMismatch()
    {
        var report = await RedactingAsync(null, [Exif]);

        Assert.Contains("no parameters.redacted", Assert.Single(Codes(report, ValidationStatusCodes.AssertionActionRedactionMismatch)), StringComparison.Ordinal);
        Assert.Equal(ValidationState.Invalid, report.State);
    }

    [Fact]
    public async Task A_redacted_action_naming_what_the_claim_did_not_redact_is_a_redactionMismatch()
    {
        var other = $"self#jumbf=/c2pa/{Parent}/c2pa.assertions/stds.iptc";
        var report = await RedactingAsync(other, [Exif]);
        var none = await RedactingAsync(Exif, []);

        Assert.Contains("stds.iptc", Assert.Single(Codes(report, ValidationStatusCodes.AssertionActionRedactionMismatch)), StringComparison.Ordinal);
        Assert.Single(Codes(none, ValidationStatusCodes.AssertionActionRedactionMismatch));
    }

    private static byte[] TimeStampMap(params (string Key, Action<CborWriter> Value)[] entries) => TestAssets.Cbor(w =>
    {
        w.WriteStartMap(entries.Length);
        foreach (var (key, value) in entries)
        {
            w.WriteTextString(key);
            value(w);
        }

        w.WriteEndMap();
    });

    public static TheoryData<string, string> MalformedTimeStamps() => new()
    {
        { "empty map", Convert.ToHexString(TimeStampMap()) },
        { "array", Convert.ToHexString(TestAssets.Cbor(w => { w.WriteStartArray(0); w.WriteEndArray(); })) },
        { "text token", Convert.ToHexString(TimeStampMap((Parent, w => w.WriteTextString("token")))) },
        { "integer key", Convert.ToHexString(TestAssets.Cbor(w => { w.WriteStartMap(1); w.WriteInt32(1); w.WriteByteString([1, 2]); w.WriteEndMap(); })) },
        { "truncated", Convert.ToHexString(TimeStampMap((Parent, w => w.WriteByteString([1, 2, 3])))[..^2]) },
    };

    [Theory]
    [MemberData(nameof(MalformedTimeStamps))]
    public async Task A_time_stamp_assertion_that_is_not_a_time_stamp_map_is_malformed(string what, string hex)
    {
        var report = await ValidateAsync(new TestManifest(Parent, [TestAssets.Created(), new("c2pa.time-stamp", Convert.FromHexString(hex))]));

        Assert.True(Codes(report, ValidationStatusCodes.AssertionTimestampMalformed).Count == 1, what);
        Assert.Equal(ValidationState.Invalid, report.State);
    }

    [Fact]
    public async Task A_well_formed_time_stamp_assertion_passes_and_two_are_malformed()
    {
        var payload = TimeStampMap((Parent, w => w.WriteByteString([0x30, 0x03, 0x02, 0x01, 0x00])));
        var one = await ValidateAsync(new TestManifest(Parent, [TestAssets.Created(), new("c2pa.time-stamp", payload)]));
        var two = await ValidateAsync(new TestManifest(Parent, [TestAssets.Created(), new("c2pa.time-stamp", payload), new("c2pa.time-stamp__1", payload)]));

        Assert.Empty(one.Failures);
        Assert.Contains("more than one", Assert.Single(Codes(two, ValidationStatusCodes.AssertionTimestampMalformed)), StringComparison.Ordinal);
    }
}
