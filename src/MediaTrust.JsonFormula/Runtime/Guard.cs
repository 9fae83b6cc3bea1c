using System.Runtime.CompilerServices;

namespace MediaTrust.JsonFormula.Runtime;

/// <summary>Bounds recursion over data and calls, so deep input gives an EvaluationError and never a stack overflow.</summary>
internal static class Guard
{
    /// <summary>The deepest data nesting walked by recursive helpers (equality, conversion, deepScan).</summary>
    public const int MaxDataDepth = 1000;

    public static void Depth(int depth)
    {
        if (depth > MaxDataDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw JsonFormulaException.Evaluation($"Data nesting exceeds the limit of {MaxDataDepth} levels");
        }
    }

    public static void Stack()
    {
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw JsonFormulaException.Evaluation("Evaluation nests too deeply");
        }
    }
}
