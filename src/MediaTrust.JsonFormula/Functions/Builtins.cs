using MediaTrust.JsonFormula.Runtime;

namespace MediaTrust.JsonFormula.Functions;

/// <summary>The 97 built-in functions of json-formula 2.0.0-beta.1 (spec § Function Reference).</summary>
internal static partial class Builtins
{
    private static readonly JfType[] Num = [JfType.Number];
    private static readonly JfType[] NumOrArr = [JfType.Number, JfType.ArrayNumber];
    private static readonly JfType[] Str = [JfType.String];
    private static readonly JfType[] StrOrArr = [JfType.String, JfType.ArrayString];
    private static readonly JfType[] AnyT = [JfType.Any];
    private static readonly JfType[] Arr = [JfType.Array];
    private static readonly JfType[] Obj = [JfType.Object];
    private static readonly JfType[] Expr = [JfType.Expression];

    // Declared after the type arrays: static fields initialise in textual order.
    public static readonly IReadOnlyDictionary<string, FunctionDef> Table = Build();

    private static Param P(JfType[] types) => new(types);

    private static Param Opt(JfType[] types) => new(types, Optional: true);

    private static Dictionary<string, FunctionDef> Build()
    {
        var t = new Dictionary<string, FunctionDef>(StringComparer.Ordinal);
        void Add(string name, FunctionImpl impl, params Param[] sig) => t[name] = new FunctionDef(name, sig, impl);
        AddMath(Add);
        AddText(Add);
        AddDates(Add);
        AddCollections(Add, t);
        t["if"] = new FunctionDef("if", [P(AnyT), P(AnyT), P(AnyT)], null, If);
        return t;
    }

    // if(condition, a, b) evaluates only the branch it returns (spec § Function evaluation).
    private static object? If(Node[] args, object? current, EvalContext ctx)
    {
        foreach (var a in args)
        {
            if (a is ExpRefNode) throw JsonFormulaException.Type("if() does not accept an expression reference argument");
        }
        return Values.ToBoolean(args[0].Evaluate(current, ctx)) ? args[1].Evaluate(current, ctx) : args[2].Evaluate(current, ctx);
    }

    /// <summary>
    /// Applies a scalar function over array arguments (spec § Array Parameters): scalars repeat, shorter arrays are
    /// padded with null, nested arrays keep their shape.
    /// </summary>
    private static object? Elementwise(object?[] args, Func<object?[], object?> fn, int depth = 0)
    {
        Guard.Depth(depth);
        var max = -1;
        foreach (var a in args)
        {
            if (Values.IsArray(a)) max = Math.Max(max, Values.ArrayCount(a));
        }
        if (max < 0) return fn(args);
        var lists = new List<object?>?[args.Length];
        for (var j = 0; j < args.Length; j++) lists[j] = Values.IsArray(args[j]) ? Values.AsList(args[j]) : null;
        var result = new List<object?>(max);
        for (var i = 0; i < max; i++)
        {
            var row = new object?[args.Length];
            for (var j = 0; j < args.Length; j++)
            {
                row[j] = lists[j] is { } l ? (i < l.Count ? l[i] : null) : args[j];
            }
            result.Add(Elementwise(row, fn, depth + 1));
        }
        return result;
    }

    private static FunctionImpl Unary(Func<double, double> f, string name) =>
        (args, _, _) => Elementwise(args, a => Valid(f(Values.ToNumber(a[0])), name));

    private static double Valid(double d, string name) =>
        double.IsFinite(d) ? d : throw JsonFormulaException.Evaluation($"Call to \"{name}()\" resulted in an invalid number");

    /// <summary>JavaScript Math.trunc toward an integer, for integer parameters (spec § Integers).</summary>
    private static double ToInteger(object? v)
    {
        var d = Values.ToNumber(v);
        return double.IsFinite(d) ? Math.Truncate(d) : d;
    }

    private static int ToInt(object? v)
    {
        var d = ToInteger(v);
        return double.IsNaN(d) ? 0 : (int)Math.Clamp(d, int.MinValue, int.MaxValue);
    }

    /// <summary>Makes the function that register()/registerWithParams() define.</summary>
    public static FunctionDef MakeRegistered(string name, ExpressionReference body, bool withParams)
    {
        Param[] sig = withParams ? [new Param(AnyT, Optional: true, Variadic: true)] : [new Param(AnyT, Optional: true)];
        FunctionImpl impl = withParams
            ? (args, _, ctx) => ctx.Apply(body, new List<object?>(args))
            : (args, _, ctx) => ctx.Apply(body, args.Length > 0 ? args[0] : null);
        return new FunctionDef(name, sig, impl) { Source = body.Source };
    }

    private static object? Register(object?[] args, EvalContext ctx, bool withParams)
    {
        var name = (string)args[0]!;
        var body = (ExpressionReference)args[1]!;
        if (!IsValidRegisteredName(name)) throw JsonFormulaException.Function($"Invalid function name: \"{name}\"");
        ctx.Register(MakeRegistered(name, body, withParams));
        return new JfObject();
    }

    // ^[_A-Z][_a-zA-Z0-9$]*$
    private static bool IsValidRegisteredName(string name)
    {
        if (name.Length == 0 || !(name[0] == '_' || char.IsAsciiLetterUpper(name[0]))) return false;
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '$')) return false;
        }
        return true;
    }
}
