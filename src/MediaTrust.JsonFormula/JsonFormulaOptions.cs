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

    /// <summary>A source of random numbers for <c>random()</c>; default <see cref="Random.Shared"/>.</summary>
    public Random? Random { get; init; }

    /// <summary>The clock used by <c>now()</c> and <c>today()</c>; default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
