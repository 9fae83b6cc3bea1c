using System.Text.Json.Nodes;
using MediaTrust.JsonFormula.Runtime;

namespace MediaTrust.JsonFormula;

/// <summary>A parsed expression. Immutable and thread-safe: evaluate it as often as needed, concurrently.</summary>
public sealed class CompiledFormula
{
    private readonly Node _root;

    internal CompiledFormula(JsonFormulaEngine engine, string expression, Node root)
    {
        Engine = engine;
        Expression = expression;
        _root = root;
    }

    /// <summary>The engine that compiled this formula.</summary>
    public JsonFormulaEngine Engine { get; }

    /// <summary>The source text.</summary>
    public string Expression { get; }

    /// <summary>
    /// Evaluates against <paramref name="data"/> (the initial <c>@</c>). Host globals must be named with a leading
    /// <c>$</c> (spec § Globals). The input is read, never modified; the result is a new node tree.
    /// </summary>
    /// <exception cref="JsonFormulaException">
    /// A FunctionError, TypeError or EvaluationError; an EvaluationError also when the evaluation would pass
    /// <see cref="JsonFormulaOptions.MaxEvaluationSteps"/> or <see cref="JsonFormulaOptions.MaxEvaluationBytes"/>.
    /// </exception>
    public JsonNode? Evaluate(JsonNode? data, IReadOnlyDictionary<string, JsonNode?>? globals = null)
    {
        var ctx = new EvalContext(Engine, globals);
        using var budget = Guard.Begin(Engine.Options);
        try
        {
            return Values.ToNode(_root.Evaluate(Values.FromNode(data), ctx));
        }
        catch (InsufficientExecutionStackException)
        {
            throw JsonFormulaException.Evaluation("Evaluation nests too deeply");
        }
        catch (Exception ex) when (ex is OverflowException or ArgumentOutOfRangeException or InvalidOperationException or FormatException)
        {
            throw new JsonFormulaException(JsonFormulaErrorKind.EvaluationError, ex.Message);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Expression;
}
