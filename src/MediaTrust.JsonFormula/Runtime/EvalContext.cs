using System.Globalization;
using System.Text.Json.Nodes;

namespace MediaTrust.JsonFormula.Runtime;

/// <summary>The state of one evaluation: globals, functions registered so far, call depth. Never shared between threads.</summary>
internal sealed class EvalContext(JsonFormulaEngine engine, IReadOnlyDictionary<string, JsonNode?>? globals)
{
    private Dictionary<string, FunctionDef>? _registered;
    private Dictionary<string, object?>? _globalCache;
    private int _callDepth;

    public JsonFormulaEngine Engine { get; } = engine;

    public CultureInfo Culture => Engine.Options.Culture;

    public TimeZoneInfo TimeZone => Engine.Options.TimeZone;

    public bool TryGetGlobal(string name, out object? value)
    {
        if (_globalCache is not null && _globalCache.TryGetValue(name, out value)) return true;
        if (globals is not null && globals.TryGetValue(name, out var node))
        {
            value = Values.FromNode(node);
            (_globalCache ??= new(StringComparer.Ordinal))[name] = value;
            return true;
        }
        value = null;
        return false;
    }

    public FunctionDef? ResolveFunction(string name)
    {
        if (_registered is not null && _registered.TryGetValue(name, out var def)) return def;
        return Engine.LookupFunction(name);
    }

    /// <summary>register()/registerWithParams(): adds a function for the rest of this evaluation.</summary>
    public void Register(FunctionDef def)
    {
        var existing = ResolveFunction(def.Name);
        if (existing is not null && (existing.Source is null || existing.Source != def.Source))
        {
            throw JsonFormulaException.Function($"Cannot override function \"{def.Name}\" with a different definition");
        }
        (_registered ??= new(StringComparer.Ordinal))[def.Name] = def;
    }

    public object? Call(FunctionDef def, object?[] args, object? current)
    {
        FunctionDef.CheckArity(def, args.Length);
        def.Coerce(args);
        return Invoke(def.Impl!, args, current);
    }

    private object? Invoke(FunctionImpl impl, object?[] args, object? current)
    {
        if (++_callDepth > Engine.Options.MaxEvaluationDepth) throw JsonFormulaException.Evaluation($"Function calls nest deeper than {Engine.Options.MaxEvaluationDepth} levels");
        Guard.Stack();
        try
        {
            return impl(args, current, this);
        }
        finally
        {
            _callDepth--;
        }
    }

    /// <summary>Evaluates an expression reference against a value (used by map, sortBy, reduce, registered functions).</summary>
    public object? Apply(ExpressionReference reference, object? value)
    {
        if (++_callDepth > Engine.Options.MaxEvaluationDepth) throw JsonFormulaException.Evaluation($"Function calls nest deeper than {Engine.Options.MaxEvaluationDepth} levels");
        Guard.Stack();
        try
        {
            return reference.Node.Evaluate(value, this);
        }
        finally
        {
            _callDepth--;
        }
    }
}
