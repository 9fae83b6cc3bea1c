namespace MediaTrust.JsonFormula.Runtime;

/// <summary>A node of the compiled expression tree. Nodes are immutable; all evaluation state lives in <see cref="EvalContext"/>.</summary>
internal abstract class Node(int depth)
{
    /// <summary>Height of the subtree, bounded by the parser so evaluation cannot overflow the stack.</summary>
    public int Depth { get; } = depth;

    public abstract object? Evaluate(object? current, EvalContext ctx);

    protected static int Max(params ReadOnlySpan<Node> nodes)
    {
        var d = 0;
        foreach (var n in nodes) d = Math.Max(d, n.Depth);
        return d + 1;
    }
}

internal sealed class IdentityNode() : Node(1)
{
    public static readonly IdentityNode Instance = new();

    public override object? Evaluate(object? current, EvalContext ctx) => current;
}

/// <summary><c>@</c> (spec § currentNode).</summary>
internal sealed class CurrentNode() : Node(1)
{
    public static readonly CurrentNode Instance = new();

    public override object? Evaluate(object? current, EvalContext ctx) => current;
}

internal sealed class LiteralNode(object? value) : Node(1)
{
    public object? Value { get; } = value is double d ? Values.Number(d) : value;

    // Literal arrays and objects are shared by evaluations; functions never mutate their arguments.
    public override object? Evaluate(object? current, EvalContext ctx) => Value;
}

/// <summary>An identifier (spec § Identifiers): a member of the current object, or null.</summary>
internal sealed class FieldNode(string name, bool quoted) : Node(1)
{
    public string Name { get; } = name;

    public bool Quoted { get; } = quoted;

    public override object? Evaluate(object? current, EvalContext ctx) => Values.GetField(current, Name);
}

/// <summary>A <c>$name</c>: a host global when the host supplied one of that name (spec § Globals), otherwise a field.</summary>
internal sealed class GlobalOrFieldNode(string name) : Node(1)
{
    public string Name { get; } = name;

    public override object? Evaluate(object? current, EvalContext ctx) =>
        ctx.TryGetGlobal(Name, out var value) ? value : Values.GetField(current, Name);
}

internal sealed class NotNode(Node operand) : Node(operand.Depth + 1)
{
    public override object? Evaluate(object? current, EvalContext ctx) => Values.Bool(!Values.ToBoolean(operand.Evaluate(current, ctx)));
}

internal sealed class NegateNode(Node operand) : Node(operand.Depth + 1)
{
    public override object? Evaluate(object? current, EvalContext ctx)
    {
        var v = operand.Evaluate(current, ctx);
        return Values.Number(-Values.ToNumber(v));
    }
}

/// <summary><c>left.right</c> (spec § Chained Expressions).</summary>
internal sealed class ChainNode(Node left, Node right) : Node(Max(left, right))
{
    public override object? Evaluate(object? current, EvalContext ctx) => right.Evaluate(left.Evaluate(current, ctx), ctx);
}

/// <summary><c>left | right</c> (spec § Pipe Expressions); projections end at the pipe because they are bound in the tree.</summary>
internal sealed class PipeNode(Node left, Node right) : Node(Max(left, right))
{
    public override object? Evaluate(object? current, EvalContext ctx) => right.Evaluate(left.Evaluate(current, ctx), ctx);
}

/// <summary>A projection over an array (spec § Projections): <c>[*]</c>, <c>[]</c>, slices.</summary>
internal sealed class ProjectionNode(Node left, Node right) : Node(Max(left, right))
{
    public override object? Evaluate(object? current, EvalContext ctx)
    {
        var baseValue = left.Evaluate(current, ctx);
        if (!Values.IsArray(baseValue)) return null;
        var items = Values.AsList(baseValue);
        if (right is IdentityNode) return ReferenceEquals(items, baseValue) ? new List<object?>(items) : items;
        var result = new List<object?>(items.Count);
        foreach (var item in items)
        {
            Guard.Step();
            result.Add(right.Evaluate(item, ctx));
        }
        return result;
    }
}

/// <summary><c>*</c> over the values of an object (spec § Wildcard Expressions).</summary>
internal sealed class ValueProjectionNode(Node left, Node right) : Node(Max(left, right))
{
    public override object? Evaluate(object? current, EvalContext ctx)
    {
        var baseValue = left.Evaluate(current, ctx);
        if (!Values.IsObject(baseValue)) return null;
        var result = new List<object?>(Values.PropertyCount(baseValue));
        foreach (var (_, value) in Values.Properties(baseValue))
        {
            Guard.Step();
            result.Add(right.Evaluate(value, ctx));
        }
        return result;
    }
}

/// <summary><c>[?condition]</c> (spec § Filter Expressions).</summary>
internal sealed class FilterProjectionNode(Node left, Node right, Node condition) : Node(Max(left, right, condition))
{
    public override object? Evaluate(object? current, EvalContext ctx)
    {
        var baseValue = left.Evaluate(current, ctx);
        if (!Values.IsArray(baseValue)) return null;
        var result = new List<object?>();
        foreach (var item in Values.AsList(baseValue))
        {
            Guard.Step();
            if (Values.ToBoolean(condition.Evaluate(item, ctx))) result.Add(right.Evaluate(item, ctx));
        }
        return result;
    }
}

/// <summary><c>[]</c> merges one level of nested arrays (spec § Flatten Operator).</summary>
internal sealed class FlattenNode(Node operand) : Node(operand.Depth + 1)
{
    public override object? Evaluate(object? current, EvalContext ctx)
    {
        var v = operand.Evaluate(current, ctx);
        if (!Values.IsArray(v)) return null;
        var result = new List<object?>();
        foreach (var item in Values.AsList(v))
        {
            Guard.Step();
            if (Values.IsArray(item)) result.AddRange(Values.AsList(item));
            else result.Add(item);
        }
        return result;
    }
}

/// <summary><c>[n]</c> (spec § Index Expressions); negative indexes count from the end.</summary>
internal sealed class IndexNode(Node left, int index) : Node(left.Depth + 1)
{
    public override object? Evaluate(object? current, EvalContext ctx)
    {
        var v = left.Evaluate(current, ctx);
        if (!Values.IsArray(v)) return null;
        var count = Values.ArrayCount(v);
        var i = index < 0 ? count + index : index;
        return i >= 0 && i < count ? Values.ArrayItem(v, i) : null;
    }
}

/// <summary><c>[start:stop:step]</c> with Python semantics (spec § Slices).</summary>
internal sealed class SliceNode(Node left, int? start, int? stop, int? step) : Node(left.Depth + 1)
{
    public override object? Evaluate(object? current, EvalContext ctx)
    {
        var v = left.Evaluate(current, ctx);
        if (!Values.IsArray(v)) return null;
        var items = Values.AsList(v);
        var length = items.Count;
        var st = step ?? 1;
        if (st == 0) throw JsonFormulaException.Evaluation("Invalid slice, step cannot be 0");
        var a = start is { } s0 ? Cap(length, s0, st) : st < 0 ? length - 1 : 0;
        var b = stop is { } s1 ? Cap(length, s1, st) : st < 0 ? -1 : length;
        var result = new List<object?>();
        if (st > 0)
        {
            for (long i = a; i < b; i += st) result.Add(items[(int)i]);
        }
        else
        {
            for (long i = a; i > b; i += st) result.Add(items[(int)i]);
        }
        return result;
    }

    private static int Cap(int length, int actual, int step)
    {
        if (actual < 0)
        {
            actual += length;
            if (actual < 0) actual = step < 0 ? -1 : 0;
        }
        else if (actual >= length)
        {
            actual = step < 0 ? length - 1 : length;
        }
        return actual;
    }
}

/// <summary><c>[a, b]</c> (spec § Array Expression).</summary>
internal sealed class ArrayNode(Node[] items) : Node(items.Length == 0 ? 1 : Max(items))
{
    public override object? Evaluate(object? current, EvalContext ctx)
    {
        var result = new List<object?>(items.Length);
        foreach (var item in items) result.Add(item.Evaluate(current, ctx));
        return result;
    }
}

/// <summary><c>{k: v}</c> (spec § Object Expression); a repeated key keeps the last value.</summary>
internal sealed class ObjectNode(string[] keys, Node[] values) : Node(Max(values))
{
    public override object? Evaluate(object? current, EvalContext ctx)
    {
        var result = new JfObject(keys.Length);
        for (var i = 0; i < keys.Length; i++) result[keys[i]] = values[i].Evaluate(current, ctx);
        return result;
    }
}

/// <summary><c>||</c> returns an operand (spec § Or Operator); the right side is evaluated only when needed.</summary>
internal sealed class OrNode(Node left, Node right) : Node(Max(left, right))
{
    public override object? Evaluate(object? current, EvalContext ctx)
    {
        var v = left.Evaluate(current, ctx);
        return Values.ToBoolean(v) ? v : right.Evaluate(current, ctx);
    }
}

/// <summary><c>&amp;&amp;</c> returns an operand (spec § And Operator).</summary>
internal sealed class AndNode(Node left, Node right) : Node(Max(left, right))
{
    public override object? Evaluate(object? current, EvalContext ctx)
    {
        var v = left.Evaluate(current, ctx);
        return Values.ToBoolean(v) ? right.Evaluate(current, ctx) : v;
    }
}

/// <summary><c>&amp;expr</c>: an expression passed unevaluated to a function (spec § Functions, expressionType).</summary>
internal sealed class ExpRefNode(Node body, string source) : Node(body.Depth + 1)
{
    private readonly ExpressionReference _reference = new(body, source);

    public override object? Evaluate(object? current, EvalContext ctx) => _reference;
}

/// <summary>A call (spec § Function evaluation): arguments evaluated first, except for <c>if()</c>.</summary>
internal sealed class FunctionNode(string name, Node[] args, FunctionDef? builtin) : Node(args.Length == 0 ? 1 : Max(args))
{
    public string Name { get; } = name;

    public override object? Evaluate(object? current, EvalContext ctx)
    {
        if (builtin is { Lazy: true })
        {
            FunctionDef.CheckArity(builtin, args.Length);
            return builtin.LazyImpl!(args, current, ctx);
        }
        var values = new object?[args.Length];
        for (var i = 0; i < args.Length; i++) values[i] = args[i].Evaluate(current, ctx);
        var def = builtin ?? ctx.ResolveFunction(Name) ?? throw JsonFormulaException.Function($"No such function: {Name}()");
        return ctx.Call(def, values, current);
    }
}
