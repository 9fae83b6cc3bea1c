using System.Text;
using System.Text.Json.Nodes;

namespace MediaTrust.JsonFormula;

/// <summary>
/// Formulas of a few hundred characters that describe exponential or input-sized work (docs/robustness.md, "Limits":
/// json-formula). Before the evaluation budget, the first took 27 s and 3 GB, the plain result of the second ran out of
/// memory, and the recursion ran for hours. Each is bounded here by allocated bytes and by the error it gives, never by
/// wall-clock time.
/// </summary>
[Trait("Category", "Damage")]
public sealed class EvaluationBudgetTests
{
    private const long Budget = 8L << 20;

    private static readonly JsonFormulaEngine Small = new(new JsonFormulaOptions { MaxEvaluationBytes = Budget });

    // `[1,1] | [@,@] | [@,@] | …`: each stage shares the previous value twice, so n stages describe 2^(n+1) leaves in
    // n small lists; serialising, flattening or returning the value would visit every leaf.
    private static string Doubling(int stages)
    {
        var text = new StringBuilder("[`1`,`1`]");
        for (var i = 0; i < stages; i++)
        {
            text.Append(" | [@,@]");
        }

        return text.ToString();
    }

    [Theory]
    [InlineData("length(toString({0}))")]
    [InlineData("{0}")]
    [InlineData("length({0} | [] | [] | [] | [] | [] | [] | [] | [] | [] | [] | [] | [] | [] | [] | [] | [] | [] | [] | [] | [])")]
    [InlineData("length(deepScan({0}, \"x\"))")]
    [InlineData("{0} == {0}")]
    public void Shared_values_cannot_be_walked_past_the_memory_or_step_budget(string shape)
    {
        var formula = Small.Compile(string.Format(System.Globalization.CultureInfo.InvariantCulture, shape, Doubling(24)));

        var (error, allocated) = Evaluate(formula);

        Assert.Equal(JsonFormulaErrorKind.EvaluationError, error?.Kind);
        Assert.Matches("MaxEvaluation(Bytes|Steps)", error!.Message);
        Assert.InRange(allocated, 0, 2 * Budget + (4L << 20));
    }

    [Fact]
    public void Doubling_under_the_default_budget_is_an_error_not_an_out_of_memory()
    {
        var formula = new JsonFormulaEngine().Compile(Doubling(24));

        var (error, allocated) = Evaluate(formula);

        Assert.Contains("JsonFormulaOptions.MaxEvaluationBytes", error?.Message);
        Assert.InRange(allocated, 0, 2 * new JsonFormulaOptions().MaxEvaluationBytes);
    }

    [Fact]
    public void A_function_that_calls_itself_twice_per_level_stops_at_the_step_budget()
    {
        var engine = new JsonFormulaEngine(new JsonFormulaOptions { MaxEvaluationSteps = 200_000, MaxEvaluationBytes = 1L << 40 });
        var formula = engine.Compile("[register(\"_f\", &if(@ > `0`, _f(@ - `1`) + _f(@ - `1`), `1`)), _f(`40`)][1]");

        var (error, _) = Evaluate(formula);

        Assert.Contains("200,000 steps (JsonFormulaOptions.MaxEvaluationSteps)", error?.Message);

        // The same function within the budget still answers.
        Assert.Equal(1024d, engine.Evaluate("[register(\"_f\", &if(@ > `0`, _f(@ - `1`) + _f(@ - `1`), `1`)), _f(`10`)][1]", null)!.GetValue<double>());
    }

    [Theory]
    [InlineData("rept(\"ab\", `99999999`)")]
    [InlineData("join(split(rept(\"x\", `100000`), \"\"), rept(\"a\", `1000`))")]
    [InlineData("join([`1`,`2`,`3`,`4`,`5`,`6`,`7`,`8`,`9`,`10`,`11`,`12`,`13`,`14`,`15`,`16`,`17`,`18`,`19`,`20`,`21`,`22`,`23`,`24`,`25`,`26`,`27`,`28`,`29`,`30`,`31`,`32`,`33`,`34`,`35`,`36`,`37`,`38`,`39`,`40`,`41`,`42`,`43`,`44`,`45`,`46`,`47`,`48`,`49`,`50`,`51`,`52`,`53`,`54`,`55`,`56`,`57`,`58`,`59`,`60`,`61`,`62`,`63`,`64`,`65`,`66`,`67`,`68`,`69`,`70`,`71`,`72`,`73`,`74`,`75`,`76`,`77`,`78`,`79`,`80`,`81`,`82`,`83`,`84`,`85`,`86`,`87`,`88`,`89`,`90`,`91`,`92`,`93`,`94`,`95`,`96`,`97`,`98`,`99`,`100`], rept(\"a\", `100000`))")]
    [InlineData("substitute(rept(\"a\", `20000`), \"a\", rept(\"b\", `20000`))")]
    [InlineData("toString([[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[rept(\"x\", `1`)]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]] | [@,@,@,@,@,@,@,@] | [@,@,@,@,@,@,@,@] | [@,@,@,@,@,@,@,@], `10`)")]
    public void An_allocation_the_formula_sizes_is_refused_before_it_is_made(string expression)
    {
        var (error, allocated) = Evaluate(Small.Compile(expression));

        Assert.Contains("JsonFormulaOptions.MaxEvaluation", error?.Message);
        Assert.InRange(allocated, 0, 2 * Budget + (4L << 20));
    }

    [Theory]
    [InlineData("substitute(rept(\"a\", `200000`), (rept(\"a\", `100000`) & \"b\"), \"x\")")]
    [InlineData("find((rept(\"a\", `100000`) & \"b\"), rept(\"a\", `200000`))")]
    [InlineData("search(\"*a*a*a*a*a*a*a*a*b\", rept(\"a\", `200000`))")]
    [InlineData("contains(rept(\"a\", `200000`), (rept(\"a\", `100000`) & \"b\"))")]
    public void A_quadratic_text_search_stops_at_the_step_budget(string expression)
    {
        var engine = new JsonFormulaEngine(new JsonFormulaOptions { MaxEvaluationSteps = 1_000_000 });

        var (error, _) = Evaluate(engine.Compile(expression));

        Assert.Contains("JsonFormulaOptions.MaxEvaluationSteps", error?.Message);
    }

    [Fact]
    public void Ordinary_large_work_fits_the_default_budget()
    {
        var engine = new JsonFormulaEngine();
        var data = new JsonObject { ["items"] = new JsonArray([.. Enumerable.Range(0, 20_000).Select(i => (JsonNode)new JsonObject { ["code"] = $"c{i}" })]) };

        Assert.Equal(1_000_000d, engine.Evaluate("length(rept(\"a\", `1000000`))", null)!.GetValue<double>());
        Assert.Equal(20_000d, engine.Evaluate("length(items[?startsWith(code, \"c\")])", data)!.GetValue<double>());
        Assert.Equal(20_000, engine.Evaluate("@", data)!["items"]!.AsArray().Count);
        Assert.Equal("c19999", engine.Evaluate("deepScan(@, \"code\")[-1]", data)!.GetValue<string>());
    }

    [Fact]
    public void Each_evaluation_has_its_own_budget_and_a_nested_one_restores_the_outer()
    {
        var inner = Small.Compile("length(rept(\"a\", `1000`))");
        var engine = new JsonFormulaEngine(new JsonFormulaOptions
        {
            MaxEvaluationSteps = 50,
            Functions = [new JsonFormulaFunction("_inner", 0, 0, (_, _) => inner.Evaluate(null))],
        });

        // The inner evaluation's steps do not count against the outer's 50; the outer's own steps still do.
        Assert.Equal(1000d, engine.Evaluate("_inner()", null)!.GetValue<double>());
        var error = Assert.Throws<JsonFormulaException>(() => engine.Evaluate("map(range, &_inner())", JsonNode.Parse("""{"range":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30]}""")));
        Assert.Contains("50 steps", error.Message);

        // A failed evaluation leaves nothing behind for the next one on the same thread.
        Assert.Equal(1000d, engine.Evaluate("_inner()", null)!.GetValue<double>());
    }

    private static (JsonFormulaException? Error, long Allocated) Evaluate(CompiledFormula formula)
    {
        JsonFormulaException? error = null;
        var before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            _ = formula.Evaluate(null);
        }
        catch (JsonFormulaException e)
        {
            error = e;
        }

        return (error, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
