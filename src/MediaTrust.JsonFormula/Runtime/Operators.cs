namespace MediaTrust.JsonFormula.Runtime;

/// <summary>
/// <c>+ - * /</c> (spec § Numeric Operators, § Array Operands): operands coerced to numbers; arrays work element-wise,
/// the shorter padded with null and a scalar repeated.
/// </summary>
internal sealed class ArithmeticNode(char op, Node left, Node right) : Node(Max(left, right))
{
    public override object? Evaluate(object? current, EvalContext ctx) =>
        Apply(left.Evaluate(current, ctx), right.Evaluate(current, ctx), op, 0);

    internal static object? Apply(object? a, object? b, char op, int depth)
    {
        Guard.Depth(depth);
        var aArray = Values.IsArray(a);
        var bArray = Values.IsArray(b);
        if (aArray || bArray)
        {
            var la = aArray ? Values.AsList(a) : null;
            var lb = bArray ? Values.AsList(b) : null;
            var n = aArray && bArray ? Math.Max(la!.Count, lb!.Count) : (la ?? lb)!.Count;
            var result = new List<object?>(n);
            for (var i = 0; i < n; i++)
            {
                var x = la is null ? a : i < la.Count ? la[i] : null;
                var y = lb is null ? b : i < lb.Count ? lb[i] : null;
                result.Add(Apply(x, y, op, depth + 1));
            }
            return result;
        }
        if (op == '&') return Values.ToStr(a) + Values.ToStr(b);
        var n1 = Values.ToNumber(a);
        var n2 = Values.ToNumber(b);
        switch (op)
        {
            case '+': return n1 + n2;
            case '-': return n1 - n2;
            case '*': return n1 * n2;
            default:
                var q = n1 / n2;
                if (!double.IsFinite(q)) throw JsonFormulaException.Evaluation($"Division by zero: {Values.NumberToString(n1)}/{Values.NumberToString(n2)}");
                return q;
        }
    }
}

/// <summary><c>&amp;</c> (spec § Concatenation Operator): strings, element-wise over arrays.</summary>
internal sealed class ConcatenateNode(Node left, Node right) : Node(Max(left, right))
{
    public override object? Evaluate(object? current, EvalContext ctx)
    {
        var a = left.Evaluate(current, ctx);
        var b = right.Evaluate(current, ctx);
        CheckStringable(a, 0);
        CheckStringable(b, 0);
        return ArithmeticNode.Apply(a, b, '&', 0);
    }

    // Objects (also inside arrays) cannot become strings: a TypeError, as the coercion table says.
    private static void CheckStringable(object? v, int depth)
    {
        Guard.Depth(depth);
        if (Values.IsObject(v)) throw JsonFormulaException.Type("Failed to convert object to string");
        if (v is ExpressionReference) throw JsonFormulaException.Type("Failed to convert expression to string");
        if (Values.IsArray(v))
        {
            foreach (var item in Values.AsList(v)) CheckStringable(item, depth + 1);
        }
    }
}

/// <summary><c>~</c> (spec § Union Operator): both operands coerced to arrays and concatenated.</summary>
internal sealed class UnionNode(Node left, Node right) : Node(Max(left, right))
{
    public override object? Evaluate(object? current, EvalContext ctx)
    {
        var a = ToArray(left.Evaluate(current, ctx));
        var b = ToArray(right.Evaluate(current, ctx));
        var result = new List<object?>(a.Count + b.Count);
        result.AddRange(a);
        result.AddRange(b);
        return result;
    }

    private static List<object?> ToArray(object? v)
    {
        if (Values.IsArray(v)) return Values.AsList(v);
        if (Values.IsObject(v) || v is ExpressionReference) throw JsonFormulaException.Type("union expected an array but received an object");
        return [v];
    }
}

/// <summary>
/// Comparison operators (spec § Comparison Operators): equality without coercion; ordering of two strings by
/// code units, otherwise of numbers, a failed coercion giving false.
/// </summary>
internal sealed class CompareNode(string op, Node left, Node right) : Node(Max(left, right))
{
    public override object? Evaluate(object? current, EvalContext ctx)
    {
        var a = left.Evaluate(current, ctx);
        var b = right.Evaluate(current, ctx);
        if (op == "==") return Values.Bool(Values.DeepEquals(a, b));
        if (op == "!=") return Values.Bool(!Values.DeepEquals(a, b));
        return Values.Bool(Ordered(a, b));
    }

    private bool Ordered(object? a, object? b)
    {
        if (Values.IsArray(a) || Values.IsObject(a) || Values.IsArray(b) || Values.IsObject(b)) return false;
        if (a is ExpressionReference || b is ExpressionReference) return false;
        int cmp;
        if (a is string sa && b is string sb)
        {
            cmp = string.CompareOrdinal(sa, sb);
        }
        else
        {
            var x = Loose(a);
            var y = Loose(b);
            if (x is null || y is null || double.IsNaN(x.Value) || double.IsNaN(y.Value)) return false;
            cmp = x.Value.CompareTo(y.Value);
        }
        return op switch
        {
            "<" => cmp < 0,
            "<=" => cmp <= 0,
            ">" => cmp > 0,
            _ => cmp >= 0,
        };
    }

    private static double? Loose(object? v) => v switch
    {
        null => 0,
        double d => d,
        bool b => b ? 1 : 0,
        string s => Values.StringToNumber(s),
        _ => null,
    };
}
