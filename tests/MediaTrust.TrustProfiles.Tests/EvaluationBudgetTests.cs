using System.Text;
using System.Text.Json.Nodes;

namespace MediaTrust.TrustProfiles;

/// <summary>
/// An uploaded profile is hostile input to the web verifier (docs/robustness.md, "Limits"): each expression has
/// json-formula's budget, the whole evaluation has its own, and a cancelled request stops it.
/// </summary>
[Trait("Category", "Damage")]
public sealed class EvaluationBudgetTests
{
    private const string Info = "profile_metadata:\n  name: test\n  version: 1.0.0\n";

    // Each statement keeps an 8 MB string (4 M characters) for the next: within json-formula's per-expression
    // budget, but 40 of them are 320 MB kept, and more than twice that allocated.
    private static TrustProfile Hoarding(int statements)
    {
        var yaml = new StringBuilder(Info).Append("---\n");
        for (var i = 0; i < statements; i++)
        {
            yaml.Append("- id: s").Append(i).Append("\n  expression: 'rept(\"a\", `4000000`)'\n");
        }

        yaml.Append("- id: last\n  expression: '`1` + `1`'\n");
        return TrustProfile.Parse(yaml.ToString());
    }

    [Fact]
    public void Statements_past_the_profile_budget_are_reported_not_evaluated()
    {
        var options = new ProfileEvaluatorOptions { Now = ProfileEvaluatorCorpusTests.PinnedNow, MaxEvaluationBytes = 64L << 20 };
        var before = GC.GetAllocatedBytesForCurrentThread();

        var report = new ProfileEvaluator(options).Evaluate(Hoarding(40), new JsonObject(), TestContext.Current.CancellationToken);

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var statements = report.Sections.SelectMany(s => s).ToDictionary(s => s["id"]!.ToString());
        Assert.NotNull(statements["s0"]["value"]);
        var last = statements["last"]["error"]!;
        Assert.Equal("EvaluationError", last["kind"]!.ToString());
        Assert.Contains("ProfileEvaluatorOptions.MaxEvaluationBytes", last["message"]!.ToString(), StringComparison.Ordinal);
        Assert.True(report.ErrorCount > 30, $"{report.ErrorCount} statements reported as errors");

        // The budget, plus one statement's worth (its expression and the copies the report keeps), plus set-up.
        Assert.InRange(allocated, 0, (64L << 20) + (80L << 20));
    }

    [Fact]
    public void A_cancelled_evaluation_stops_before_the_next_expression()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<OperationCanceledException>(() =>
            new ProfileEvaluator().Evaluate(Hoarding(3), new JsonObject(), cancelled.Token));
    }

    [Fact]
    public void An_expression_of_exponential_work_is_an_error_in_its_statement()
    {
        var profile = TrustProfile.Parse(Info + """
            ---
            - id: doubling
              expression: '[`1`,`1`] | [@,@] | [@,@] | [@,@] | [@,@] | [@,@] | [@,@] | [@,@] | [@,@] | [@,@] | [@,@] | [@,@] | [@,@] | [@,@] | [@,@] | [@,@] | [@,@] | [@,@] | [@,@] | [@,@] | [@,@] | [@,@] | [@,@] | [@,@] | [@,@] | [@,@] | [@,@] | [@,@] | [@,@] | [@,@] | [@,@]'
            - id: fine
              expression: '`1` + `1`'
            """);

        var report = new ProfileEvaluator(new ProfileEvaluatorOptions { Now = ProfileEvaluatorCorpusTests.PinnedNow }).Evaluate(profile, new JsonObject(), TestContext.Current.CancellationToken);

        var statements = report.Sections.SelectMany(s => s).ToDictionary(s => s["id"]!.ToString());
        Assert.Contains("JsonFormulaOptions.MaxEvaluation", statements["doubling"]["error"]!["message"]!.ToString(), StringComparison.Ordinal);
        Assert.Equal(2d, statements["fine"]["value"]!.GetValue<double>());
    }
}
