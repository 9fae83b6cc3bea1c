using System.Text.Json.Nodes;

namespace MediaTrust.JsonFormula;

public sealed class EngineTests
{
    private static readonly JsonFormulaEngine Engine = new();

    [Fact]
    public void Compile_once_evaluate_many()
    {
        var formula = Engine.Compile("contains(deepScan(manifests[0].validationResults, \"code\"), \"assertion.dataHash.match\")");
        var yes = JsonNode.Parse("""{"manifests":[{"validationResults":{"success":[{"code":"assertion.dataHash.match"}]}}]}""");
        var no = JsonNode.Parse("""{"manifests":[{"validationResults":{"failure":[{"code":"assertion.dataHash.mismatch"}]}}]}""");
        Assert.True(formula.Evaluate(yes)!.GetValue<bool>());
        Assert.False(formula.Evaluate(no)!.GetValue<bool>());
        Assert.True(formula.Evaluate(yes)!.GetValue<bool>());
    }

    [Fact]
    public void Concurrent_evaluations_share_one_formula()
    {
        var formula = Engine.Compile("register(\"_double\", &@ * 2) || sum(map(items, &_double(@) + 1))");
        var data = JsonNode.Parse("""{"items":[1,2,3]}""");
        Parallel.For(0, 200, _ => Assert.Equal(15d, formula.Evaluate(data)!.GetValue<double>()));
    }

    [Fact]
    public void Result_is_detached_from_input()
    {
        var data = JsonNode.Parse("""{"a":{"b":[1,2]}}""")!;
        var result = Engine.Evaluate("a", data)!;
        result["b"]!.AsArray().Add(3);
        Assert.Equal("""{"a":{"b":[1,2]}}""", data.ToJsonString());
    }

    [Fact]
    public void Host_functions_and_globals()
    {
        var engine = new JsonFormulaEngine(new JsonFormulaOptions
        {
            Functions = [new JsonFormulaFunction("_twice", 1, 1, (args, _) => JsonValue.Create(args[0]!.GetValue<double>() * 2))],
        });
        var result = engine.Evaluate("_twice($base) + x", JsonNode.Parse("""{"x":1}"""), new Dictionary<string, JsonNode?> { ["$base"] = 20 });
        Assert.Equal(41d, result!.GetValue<double>());
    }

    [Theory]
    [InlineData("startsWith($t, $high)", false)]
    [InlineData("startsWith($t, $a)", true)]
    [InlineData("endsWith($t, $lowB)", false)]
    [InlineData("endsWith($t, $smileB)", true)]
    [InlineData("contains($t, $lowB)", false)]
    [InlineData("contains($t, $high)", false)]
    [InlineData("contains($t, $smile)", true)]
    [InlineData("contains($lone, $high)", true)]
    public void Text_matches_whole_code_points_only(string expression, bool expected)
    {
        // "a😀b": half of the surrogate pair never matches, as with JavaScript's Array.from; a lone surrogate matches itself.
        var globals = new Dictionary<string, JsonNode?>
        {
            ["$t"] = JsonValue.Create("a\uD83D\uDE00b"),
            ["$a"] = JsonValue.Create("a"),
            ["$high"] = JsonValue.Create("\uD83D"),
            ["$lowB"] = JsonValue.Create("\uDE00b"),
            ["$smile"] = JsonValue.Create("\uD83D\uDE00"),
            ["$smileB"] = JsonValue.Create("\uD83D\uDE00b"),
            ["$lone"] = JsonValue.Create("x\uD83Dy"),
        };

        Assert.Equal(expected, Engine.Evaluate(expression, null, globals)!.GetValue<bool>());
    }

    [Fact]
    public void Host_cannot_replace_a_builtin() =>
        Assert.Throws<ArgumentException>(() => new JsonFormulaEngine(new JsonFormulaOptions
        {
            Functions = [new JsonFormulaFunction("sum", 1, 1, (_, _) => null)],
        }));

    [Theory]
    [InlineData("foo..bar", 4)]
    [InlineData("a ^ b", 2)]
    [InlineData("\"unterminated", 0)]
    public void Syntax_errors_carry_the_position(string expression, int position)
    {
        var ex = Assert.Throws<JsonFormulaException>(() => Engine.Compile(expression));
        Assert.Equal(JsonFormulaErrorKind.SyntaxError, ex.Kind);
        Assert.Equal(position, ex.Position);
    }

    [Theory]
    [InlineData("nosuch(1)", JsonFormulaErrorKind.FunctionError)]
    [InlineData("abs(1, 2)", JsonFormulaErrorKind.FunctionError)]
    [InlineData("\"$123.00\" + 1", JsonFormulaErrorKind.TypeError)]
    [InlineData("1 / 0", JsonFormulaErrorKind.EvaluationError)]
    public void Runtime_error_kinds(string expression, JsonFormulaErrorKind kind)
    {
        var ex = Assert.Throws<JsonFormulaException>(() => Engine.Evaluate(expression, null));
        Assert.Equal(kind, ex.Kind);
    }

    [Theory]
    [InlineData(100_000, "(", ")")]
    [InlineData(100_000, "!", "")]
    [InlineData(100_000, "-", "")]
    [InlineData(100_000, "[", "]")]
    [InlineData(100_000, "a.", "")]
    [InlineData(100_000, "a | ", "")]
    [InlineData(100_000, "`[", "]`")]
    public void Deep_expressions_are_a_syntax_error_not_a_crash(int depth, string open, string close)
    {
        var expression = string.Concat(Enumerable.Repeat(open, depth)) + "a" + string.Concat(Enumerable.Repeat(close, depth));
        var ex = Assert.Throws<JsonFormulaException>(() => Engine.Compile(expression));
        Assert.Equal(JsonFormulaErrorKind.SyntaxError, ex.Kind);
    }

    [Fact]
    public void Chains_up_to_the_limit_still_work()
    {
        var formula = Engine.Compile(string.Join('.', Enumerable.Repeat("a", 150)));
        JsonNode? data = 7;
        for (var i = 0; i < 150; i++) data = new JsonObject { ["a"] = data };
        Assert.Equal(7d, formula.Evaluate(data)!.GetValue<double>());
    }

    [Fact]
    public void Deep_documents_are_an_evaluation_error_not_a_crash()
    {
        JsonNode? data = 1;
        for (var i = 0; i < 100_000; i++) data = new JsonArray(data);
        var ex = Assert.Throws<JsonFormulaException>(() => Engine.Evaluate("deepScan(@, 0)", data));
        Assert.Equal(JsonFormulaErrorKind.EvaluationError, ex.Kind);
        ex = Assert.Throws<JsonFormulaException>(() => Engine.Evaluate("@ == @", data));
        Assert.Equal(JsonFormulaErrorKind.EvaluationError, ex.Kind);
        ex = Assert.Throws<JsonFormulaException>(() => Engine.Evaluate("@", data));
        Assert.Equal(JsonFormulaErrorKind.EvaluationError, ex.Kind);
    }

    [Fact]
    public void Runaway_recursion_is_an_evaluation_error()
    {
        var ex = Assert.Throws<JsonFormulaException>(() => Engine.Evaluate("register(\"_f\", &_f(@)) || _f(1)", null));
        Assert.Equal(JsonFormulaErrorKind.EvaluationError, ex.Kind);
    }

    [Theory]
    [InlineData(1e21, "1e+21")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(123.45, "123.45")]
    [InlineData(0.000001, "0.000001")]
    [InlineData(-2.5e-10, "-2.5e-10")]
    [InlineData(100, "100")]
    public void Numbers_become_strings_as_in_javascript(double value, string expected) =>
        Assert.Equal(expected, Runtime.Values.NumberToString(value));

    [Fact]
    public void Dates_use_the_host_time_zone()
    {
        var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
        var engine = new JsonFormulaEngine(new JsonFormulaOptions { TimeZone = tokyo });
        Assert.Equal(9d, engine.Evaluate("hour(toDate(\"2024-01-01T00:00:00Z\"))", null)!.GetValue<double>());
        Assert.Equal(0d, Engine.Evaluate("hour(toDate(\"2024-01-01T00:00:00Z\"))", null)!.GetValue<double>());
        Assert.Equal(19723d, Engine.Evaluate("toDate(\"2024-01-01\")", null)!.GetValue<double>());
    }
}
