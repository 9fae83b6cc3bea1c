using MediaTrust.JsonFormula.Runtime;

namespace MediaTrust.JsonFormula.Functions;

internal static partial class Builtins
{
    private static void AddMath(Action<string, FunctionImpl, Param[]> add)
    {
        add("abs", Unary(Math.Abs, "abs"), [P(NumOrArr)]);
        add("acos", Unary(Math.Acos, "acos"), [P(NumOrArr)]);
        add("asin", Unary(Math.Asin, "asin"), [P(NumOrArr)]);
        add("atan2", (a, _, _) => Elementwise(a, x => Math.Atan2(Values.ToNumber(x[0]), Values.ToNumber(x[1]))), [P(NumOrArr), P(NumOrArr)]);
        add("ceil", Unary(Math.Ceiling, "ceil"), [P(NumOrArr)]);
        add("cos", Unary(Math.Cos, "cos"), [P(NumOrArr)]);
        add("exp", Unary(Math.Exp, "exp"), [P(NumOrArr)]);
        add("floor", Unary(Math.Floor, "floor"), [P(NumOrArr)]);
        add("fround", Unary(d => (float)d, "fround"), [P(NumOrArr)]);
        add("log", Unary(Math.Log, "log"), [P(NumOrArr)]);
        add("log10", Unary(Math.Log10, "log10"), [P(NumOrArr)]);
        add("sign", Unary(d => Math.Sign(d), "sign"), [P(NumOrArr)]);
        add("sin", Unary(Math.Sin, "sin"), [P(NumOrArr)]);
        add("sqrt", Unary(Math.Sqrt, "sqrt"), [P(NumOrArr)]);
        add("tan", Unary(Math.Tan, "tan"), [P(NumOrArr)]);
        add("mod", (a, _, _) => Elementwise(a, x =>
        {
            var r = Values.ToNumber(x[0]) % Values.ToNumber(x[1]);
            return double.IsNaN(r) ? throw JsonFormulaException.Evaluation("Bad parameter for mod()") : r;
        }), [P(NumOrArr), P(NumOrArr)]);
        add("power", (a, _, _) => Elementwise(a, x => Valid(Math.Pow(Values.ToNumber(x[0]), Values.ToNumber(x[1])), "power")), [P(NumOrArr), P(NumOrArr)]);
        add("round", (a, _, _) => Elementwise(a.Length < 2 ? [a[0], Values.Zero] : a, x => RoundHalfUp(Values.ToNumber(x[0]), ToInt(x[1]))), [P(NumOrArr), Opt(NumOrArr)]);
        add("trunc", (a, _, _) => Elementwise(a.Length < 2 ? [a[0], Values.Zero] : a, x =>
        {
            var n = Values.ToNumber(x[0]);
            var p = Math.Pow(10, ToInt(x[1]));
            return (n >= 0 ? Math.Floor(n * p) : Math.Ceiling(n * p)) / p;
        }), [P(NumOrArr), Opt(NumOrArr)]);
        add("random", (_, _, ctx) => (ctx.Engine.Options.Random ?? Random.Shared).NextDouble(), []);
        add("sum", (a, _, _) =>
        {
            var sum = 0d;
            foreach (var v in Flatten(a[0])) if (v is double d) sum += d;
            return sum;
        }, [P(Arr)]);
        add("avg", (a, _, _) =>
        {
            var sum = 0d;
            var n = 0;
            foreach (var v in Flatten(a[0])) if (v is double d) { sum += d; n++; }
            return n == 0 ? throw JsonFormulaException.Evaluation("avg() requires at least one number") : sum / n;
        }, [P(Arr)]);
        add("avgA", (a, _, _) =>
        {
            var values = NumbersA(a[0], "avgA", JsonFormulaErrorKind.TypeError);
            return values.Count == 0 ? throw JsonFormulaException.Evaluation("avgA() requires at least one value") : values.Sum() / values.Count;
        }, [P(Arr)]);
        add("max", (a, _, _) => Extreme(a, max: true), [new Param([JfType.Array, JfType.Any], Variadic: true)]);
        add("min", (a, _, _) => Extreme(a, max: false), [new Param([JfType.Array, JfType.Any], Variadic: true)]);
        add("maxA", (a, _, _) => ExtremeA(a, max: true), [new Param([JfType.Array, JfType.Any], Variadic: true)]);
        add("minA", (a, _, _) => ExtremeA(a, max: false), [new Param([JfType.Array, JfType.Any], Variadic: true)]);
        add("stdev", (a, _, _) => Stdev(NumbersOnly(a[0]), sample: true, "stdev"), [P(Arr)]);
        add("stdevp", (a, _, _) => Stdev(NumbersOnly(a[0]), sample: false, "stdevp"), [P(Arr)]);
        add("stdevA", (a, _, _) => Stdev(NumbersA(a[0], "stdevA", JsonFormulaErrorKind.EvaluationError), sample: true, "stdevA"), [P(Arr)]);
        add("stdevpA", (a, _, _) => Stdev(NumbersA(a[0], "stdevpA", JsonFormulaErrorKind.TypeError), sample: false, "stdevpA"), [P(Arr)]);
        add("toNumber", ToNumberFn, [P(AnyT), Opt(NumOrArr)]);
    }

    // JavaScript Math.round(x * 10^d) / 10^d: halves round toward +infinity.
    private static double RoundHalfUp(double x, int digits)
    {
        var p = Math.Pow(10, digits);
        return Math.Floor((x * p) + 0.5) / p;
    }

    private static IEnumerable<object?> Flatten(object? v, int depth = 0)
    {
        Guard.Depth(depth);
        if (!Values.IsArray(v))
        {
            yield return v;
            yield break;
        }
        foreach (var item in Values.AsList(v))
        {
            if (Values.IsArray(item))
            {
                foreach (var inner in Flatten(item, depth + 1)) yield return inner;
            }
            else
            {
                yield return item;
            }
        }
    }

    private static List<double> NumbersOnly(object? v)
    {
        var list = new List<double>();
        foreach (var item in Flatten(v)) if (item is double d) list.Add(d);
        return list;
    }

    private static List<double> NumbersA(object? v, string name, JsonFormulaErrorKind kind)
    {
        var list = new List<double>();
        foreach (var item in Flatten(v))
        {
            if (item is null) continue;
            try
            {
                list.Add(Values.ToNumber(item));
            }
            catch (JsonFormulaException)
            {
                throw new JsonFormulaException(kind, $"{name}() received non-numeric parameters");
            }
        }
        return list;
    }

    private static object Stdev(List<double> values, bool sample, string name)
    {
        if (sample ? values.Count <= 1 : values.Count == 0)
        {
            throw JsonFormulaException.Evaluation(sample ? $"{name}() must have at least two values" : $"{name}() must have at least one value");
        }
        var mean = values.Sum() / values.Count;
        var sumSquare = 0d;
        foreach (var x in values) sumSquare += x * x;
        var result = sample
            ? Math.Sqrt((sumSquare - (values.Count * mean * mean)) / (values.Count - 1))
            : Math.Sqrt((sumSquare / values.Count) - (mean * mean));
        return Valid(result, name);
    }

    private static object Extreme(object?[] args, bool max)
    {
        double? best = null;
        foreach (var a in args)
        {
            foreach (var v in Flatten(a))
            {
                if (v is not double d) continue;
                if (best is null || (max ? d > best : d < best) || double.IsNaN(d)) best = d;
            }
        }
        return best ?? 0d;
    }

    private static object ExtremeA(object?[] args, bool max)
    {
        double? best = null;
        foreach (var a in args)
        {
            foreach (var v in Flatten(a))
            {
                if (v is null) continue;
                double d;
                try
                {
                    d = Values.ToNumber(v);
                }
                catch (JsonFormulaException)
                {
                    throw JsonFormulaException.Evaluation($"{(max ? "maxA" : "minA")}() received non-numeric parameters");
                }
                if (best is null || (max ? d > best : d < best)) best = d;
            }
        }
        return best ?? 0d;
    }

    // toNumber(value, base): strings in base 2, 8, 16 (with an optional fraction); failures give null.
    private static object? ToNumberFn(object?[] args, object? current, EvalContext ctx)
    {
        object? baseArg = args.Length > 1 ? args[1] : 10d;
        return Elementwise([args[0], baseArg], x =>
        {
            var value = x[0];
            var radix = ToInt(x[1]);
            if (value is string s && radix != 10)
            {
                if (radix is not (2 or 8 or 16)) throw JsonFormulaException.Evaluation($"Invalid base \"{radix}\" for toNumber()");
                if (s.Length == 0) return 0d;
                return ParseRadix(s.Trim(), radix);
            }
            if (value is ExpressionReference) return null;
            try
            {
                return Values.ToNumber(value);
            }
            catch (JsonFormulaException)
            {
                return null;
            }
        });
    }

    private static object? ParseRadix(string s, int radix)
    {
        var negative = false;
        var i = 0;
        if (i < s.Length && s[i] is '+' or '-') { negative = s[i] == '-'; i++; }
        var parts = s[i..].Split('.');
        if (parts.Length > 2) return null;
        double Parse(string digits, bool fraction)
        {
            var result = 0d;
            var scale = 1d;
            foreach (var c in digits)
            {
                var d = char.IsAsciiDigit(c) ? c - '0' : char.IsAsciiLetter(c) ? char.ToLowerInvariant(c) - 'a' + 10 : 99;
                if (d >= radix) return double.NaN;
                if (fraction) { scale /= radix; result += d * scale; }
                else result = (result * radix) + d;
            }
            return result;
        }
        if (parts[0].Length == 0 && (parts.Length == 1 || parts[1].Length == 0)) return null;
        var whole = parts[0].Length == 0 ? double.NaN : Parse(parts[0], false);
        var frac = parts.Length > 1 ? Parse(parts[1], true) : 0;
        if (double.IsNaN(whole) || double.IsNaN(frac)) return null;
        var value = whole + frac;
        return negative ? -value : value;
    }
}
