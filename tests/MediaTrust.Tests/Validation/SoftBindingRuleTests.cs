using MediaTrust.Assertions;
using MediaTrust.Spec;
using MediaTrust.Testing;

namespace MediaTrust.Validation;

/// <summary>
/// Spec 2.4 §15.10.3.2.2 step 7 (a watermark action needs a soft binding) and §18.10 (the soft binding itself, checked
/// against the bundled algorithm list), each on a manifest built and signed for it.
/// </summary>
public sealed class SoftBindingRuleTests
{
    private const string Label = TestAssets.ParentLabel;

    private static readonly byte[] Asset = TestStores.Png();

    private static TestAssertion Binding(string? alg) =>
        new(AssertionLabels.SoftBinding, new SoftBindingAssertion(alg, [new(SoftBindingAssertion.Scope.Whole, new byte[32])]).Write());

    private static TestAssertion CreatedThen(string action) => new("c2pa.actions.v2", TestAssets.Actions(("c2pa.created", null), (action, null)));

    private static Task<ValidationReport> ValidateAsync(params TestAssertion[] assertions) =>
        TestAssets.ValidateSidecarAsync(Asset, [new TestManifest(Label, assertions)]);

    private static IEnumerable<string> AllCodes(ValidationReport report) =>
        report.Results.ActiveManifest.Success.Concat(report.Results.ActiveManifest.Informational).Concat(report.Failures).Select(f => f.Code);

    [Theory]
    [InlineData("c2pa.watermarked.bound")]
    [InlineData("c2pa.watermarked")]
    public async Task A_bound_watermark_without_a_soft_binding_is_softBindingMissing(string action)
    {
        var report = await ValidateAsync(CreatedThen(action));

        var finding = Assert.Single(report.Failures, f => f.Code == ValidationStatusCodes.AssertionActionSoftBindingMissing);
        Assert.Contains(action, finding.Explanation, StringComparison.Ordinal);
        Assert.Equal(ValidationState.Invalid, report.State);
    }

    [Fact]
    public async Task A_bound_watermark_with_a_listed_soft_binding_is_valid()
    {
        var report = await ValidateAsync(CreatedThen("c2pa.watermarked.bound"), Binding("com.adobe.trustmark.Q"));

        Assert.Empty(report.Failures);
        Assert.DoesNotContain(ValidationStatusCodes.SoftBindingAlgorithmUnlisted, AllCodes(report));
    }

    [Fact]
    public async Task An_unbound_watermark_needs_no_soft_binding()
    {
        var report = await ValidateAsync(CreatedThen("c2pa.watermarked.unbound"));

        Assert.DoesNotContain(ValidationStatusCodes.AssertionActionSoftBindingMissing, AllCodes(report));
    }

    [Fact]
    public async Task An_algorithm_missing_from_the_list_is_informational_only()
    {
        var report = await ValidateAsync(TestAssets.Created(), Binding("org.mediatrust.pdq.v1"));

        var finding = Assert.Single(report.Results.ActiveManifest.Informational, f => f.Code == ValidationStatusCodes.SoftBindingAlgorithmUnlisted);
        Assert.Contains("org.mediatrust.pdq.v1", finding.Explanation, StringComparison.Ordinal);
        Assert.Empty(report.Failures);
    }

    [Fact]
    public async Task A_binding_with_no_algorithm_anywhere_is_reported_but_does_not_reject_the_claim()
    {
        var report = await ValidateAsync(TestAssets.Created(), Binding(null));

        Assert.Contains(report.Results.ActiveManifest.Informational, f => f.Code == ValidationStatusCodes.SoftBindingMalformed && f.Explanation.Contains("alg_soft", StringComparison.Ordinal));
        Assert.Empty(report.Failures);
    }
}
