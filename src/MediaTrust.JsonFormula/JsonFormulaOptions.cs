using System.Globalization;

namespace MediaTrust.JsonFormula;

/// <summary>Host settings of a <see cref="JsonFormulaEngine"/> (spec § Integrations).</summary>
public sealed class JsonFormulaOptions
{
    /// <summary>The locale used by locale-aware functions such as <c>casefold()</c>; default en-US.</summary>
    public CultureInfo Culture { get; init; } = CultureInfo.GetCultureInfo("en-US");

    /// <summary>The time zone date functions use for local time; default UTC.</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>Additional host functions.</summary>
    public IReadOnlyList<JsonFormulaFunction> Functions { get; init; } = [];

    /// <summary>
    /// Functions written in json-formula, registered for every evaluation as if by <c>register(name, &amp;body)</c>
    /// (or <c>registerWithParams</c> when the value's second item is true).
    /// </summary>
    public IReadOnlyDictionary<string, (string Body, bool WithParams)> FormulaFunctions { get; init; } =
        new Dictionary<string, (string, bool)>();

    /// <summary>The deepest expression nesting the parser accepts; deeper expressions are a SyntaxError.</summary>
    public int MaxExpressionDepth { get; init; } = 200;

    /// <summary>The deepest data nesting or call nesting the evaluator walks; deeper is an EvaluationError.</summary>
    public int MaxEvaluationDepth { get; init; } = 500;

    /// <summary>
    /// The most steps one evaluation may take (default 10,000,000): every function call, expression application,
    /// projected, filtered or flattened element and every value a deep walk visits (equality, <c>deepScan()</c>,
    /// <c>toString()</c>, the conversion of the result) counts one; past it, an EvaluationError. Bounds the time a
    /// formula can take whatever it describes (docs/robustness.md).
    /// </summary>
    public long MaxEvaluationSteps { get; init; } = 10_000_000;

    /// <summary>
    /// The most memory one evaluation may allocate, in bytes (default 256 MiB), counted on the evaluating thread from the
    /// start of the evaluation (host functions included); an allocation whose size the formula chooses
    /// (<c>rept()</c>, <c>join()</c>, <c>substitute()</c>, <c>toString()</c>) is refused before it is made. Past it, an
    /// EvaluationError.
    /// </summary>
    public long MaxEvaluationBytes { get; init; } = 256L << 20;

    /// <summary>A source of random numbers for <c>random()</c>; default <see cref="Random.Shared"/>.</summary>
    public Random? Random { get; init; }

    /// <summary>The clock used by <c>now()</c> and <c>today()</c>; default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
