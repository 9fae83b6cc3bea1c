using System.Runtime.CompilerServices;

namespace MediaTrust.JsonFormula.Runtime;

/// <summary>
/// Bounds one evaluation: recursion over data and calls (an EvaluationError, never a stack overflow), and the work and
/// memory it may spend (<see cref="JsonFormulaOptions.MaxEvaluationSteps"/>, <see cref="JsonFormulaOptions.MaxEvaluationBytes"/>).
/// A formula of a few hundred characters can otherwise describe exponential work: <c>[@,@] | [@,@] | …</c> shares
/// values cheaply until something walks them, and a registered function can call itself twice per level
/// (docs/robustness.md, "Limits"). The budget belongs to the evaluation running on this thread: evaluation is synchronous,
/// so every step of it, host functions included, runs where <see cref="Begin"/> was called.
/// </summary>
internal static class Guard
{
    /// <summary>The deepest data nesting walked by recursive helpers (equality, conversion, deepScan).</summary>
    public const int MaxDataDepth = 1000;

    [ThreadStatic]
    private static Budget? t_budget;

    /// <summary>Starts the budget of an evaluation on this thread; disposing the scope restores the enclosing one.</summary>
    public static Scope Begin(JsonFormulaOptions options)
    {
        var previous = t_budget;
        t_budget = new Budget(options.MaxEvaluationSteps, options.MaxEvaluationBytes);
        return new Scope(previous);
    }

    /// <summary>One step of a recursive walk over data: checks its depth and counts it.</summary>
    public static void Depth(int depth)
    {
        if (depth > MaxDataDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw JsonFormulaException.Evaluation($"Data nesting exceeds the limit of {MaxDataDepth} levels");
        }

        t_budget?.Step(1);
    }

    /// <summary>One function call or expression application: checks the stack and counts it.</summary>
    public static void Stack()
    {
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw JsonFormulaException.Evaluation("Evaluation nests too deeply");
        }

        t_budget?.Step(1);
    }

    /// <summary>One element of a projection, filter or flatten, or one position of a text search.</summary>
    public static void Step() => t_budget?.Step(1);

    /// <summary><paramref name="count"/> steps at once: a text comparison of that many code points.</summary>
    public static void Steps(long count) => t_budget?.Step(count);

    /// <summary>
    /// Before one allocation whose size the input chooses (rept(), join(), substitute(), serialising): refuses it when
    /// it would take the evaluation past its memory budget, instead of making it first.
    /// </summary>
    public static void Allocating(long bytes) => t_budget?.Check(bytes);

    /// <summary>Restores the enclosing evaluation's budget (a host function may evaluate another formula).</summary>
    public readonly struct Scope(Budget? previous) : IDisposable
    {
        public void Dispose() => t_budget = previous;
    }

    /// <summary>
    /// Steps are counted; memory is what this thread has allocated since the evaluation began
    /// (<see cref="GC.GetAllocatedBytesForCurrentThread"/>, a read of a per-thread counter), checked at every step and
    /// before every input-sized allocation, so the evaluation stops within one bounded operation of the budget.
    /// </summary>
    internal sealed class Budget(long maxSteps, long maxBytes)
    {
        private readonly long _start = GC.GetAllocatedBytesForCurrentThread();
        private long _steps;

        public void Step(long count)
        {
            _steps += count;
            if (_steps > maxSteps)
            {
                throw JsonFormulaException.Evaluation(
                    $"The evaluation takes more than {maxSteps:N0} steps (JsonFormulaOptions.MaxEvaluationSteps)");
            }

            Check(0);
        }

        public void Check(long bytes)
        {
            if (bytes > maxBytes || GC.GetAllocatedBytesForCurrentThread() - _start > maxBytes - bytes)
            {
                throw JsonFormulaException.Evaluation(
                    $"The evaluation needs more than {maxBytes / (1024 * 1024):N0} MiB of memory (JsonFormulaOptions.MaxEvaluationBytes)");
            }
        }
    }
}
