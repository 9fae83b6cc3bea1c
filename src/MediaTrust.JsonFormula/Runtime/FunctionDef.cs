namespace MediaTrust.JsonFormula.Runtime;

/// <summary>One parameter of a function signature: the accepted types, and whether it may be omitted or repeated.</summary>
internal sealed record Param(JfType[] Types, bool Optional = false, bool Variadic = false);

internal delegate object? FunctionImpl(object?[] args, object? current, EvalContext ctx);

internal delegate object? LazyFunctionImpl(Node[] args, object? current, EvalContext ctx);

/// <summary>A function: its signature (spec § Function parameters) and implementation.</summary>
internal sealed class FunctionDef(string name, Param[] parameters, FunctionImpl? impl, LazyFunctionImpl? lazyImpl = null)
{
    public string Name { get; } = name;

    public Param[] Parameters { get; } = parameters;

    public FunctionImpl? Impl { get; } = impl;

    public LazyFunctionImpl? LazyImpl { get; } = lazyImpl;

    public bool Lazy => LazyImpl is not null;

    /// <summary>For functions made by register(): the source of the body, to tell a re-registration from an override.</summary>
    public string? Source { get; init; }

    /// <summary>Arity check: too few or too many arguments is a FunctionError.</summary>
    public static void CheckArity(FunctionDef def, int count)
    {
        var sig = def.Parameters;
        if (sig.Length == 0)
        {
            if (count > 0) throw JsonFormulaException.Function($"{def.Name}() does not accept parameters");
            return;
        }
        var needed = 0;
        foreach (var p in sig) if (!p.Optional) needed++;
        var last = sig[^1];
        if (last.Variadic)
        {
            if (count < sig.Length && !last.Optional) throw JsonFormulaException.Function($"{def.Name}() takes at least {sig.Length} argument(s) but received {count}");
        }
        else if (count < needed || count > sig.Length)
        {
            throw JsonFormulaException.Function($"{def.Name}() takes {(needed == sig.Length ? sig.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{needed} to {sig.Length}")} argument(s) but received {count}");
        }
    }

    /// <summary>Coerces the evaluated arguments to the signature in place (spec § Type Coercion, function parameters).</summary>
    public void Coerce(object?[] args)
    {
        var sig = Parameters;
        if (sig.Length == 0) return;
        var limit = sig[^1].Variadic ? args.Length : Math.Min(sig.Length, args.Length);
        for (var i = 0; i < limit; i++)
        {
            var spec = i >= sig.Length ? sig[^1].Types : sig[i].Types;
            args[i] = Coercion.Match(spec, args[i], Name);
        }
    }
}
