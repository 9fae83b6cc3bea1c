namespace MediaTrust.JsonFormula.Runtime;

/// <summary>
/// Matches an argument to the types a parameter accepts, coercing when exactly one coercion is viable
/// (spec § Type Coercion: "Parameters to functions shall be coerced when there is a single viable coercion").
/// </summary>
internal static class Coercion
{
    private static bool Supported(JfType from, JfType to) => from switch
    {
        JfType.Number => to is JfType.String or JfType.Array or JfType.ArrayNumber or JfType.Boolean,
        JfType.Boolean => to is JfType.String or JfType.Number or JfType.Array,
        JfType.Array => to is JfType.Boolean or JfType.ArrayString or JfType.ArrayNumber,
        JfType.ArrayNumber => to is JfType.Boolean or JfType.ArrayString or JfType.Array,
        JfType.ArrayString => to is JfType.Boolean or JfType.ArrayNumber or JfType.Array,
        JfType.ArrayArray or JfType.EmptyArray or JfType.Object => to is JfType.Boolean,
        JfType.Null => to is JfType.String or JfType.Number or JfType.Boolean,
        JfType.String => to is JfType.Number or JfType.ArrayString or JfType.Array or JfType.Boolean,
        _ => false,
    };

    private static bool Matches(JfType expected, JfType actual) =>
        expected == actual
        || expected == JfType.Any
        || (expected == JfType.Array && Values.IsArrayType(actual))
        || (Values.IsArrayType(expected) && actual == JfType.EmptyArray);

    public static object? Match(JfType[] expected, object? value, string context)
    {
        if (value is ExpressionReference && Array.IndexOf(expected, JfType.Expression) < 0)
        {
            throw JsonFormulaException.Type($"{context}() does not accept an expression reference argument");
        }
        var actual = Values.DetailedTypeOf(value);
        foreach (var e in expected)
        {
            if (Matches(e, actual)) return value;
        }
        JfType? target = null;
        var viable = 0;
        foreach (var e in expected)
        {
            if (!Supported(actual, e)) continue;
            target ??= e;
            viable++;
        }
        if (target is not { } to)
        {
            throw JsonFormulaException.Type($"{context}() expected argument to be type {Values.TypeName(expected[0])} but received type {Values.TypeName(actual)} instead");
        }
        if (viable > 1)
        {
            throw JsonFormulaException.Type($"{context}() cannot process type {Values.TypeName(actual)}; must be one of: {string.Join(", ", expected.Select(Values.TypeName))}");
        }
        if (Values.IsArrayType(actual))
        {
            var list = Values.AsList(value);
            switch (to)
            {
                case JfType.Boolean:
                    return Values.Bool(list.Count > 0);
                case JfType.ArrayString:
                    return MapDeep(list, Values.ToStr, context, to, 0);
                case JfType.ArrayNumber:
                    return MapDeep(list, v => Values.ToNumber(v), context, to, 0);
                case JfType.Array:
                    return list;
            }
        }
        else if (actual == JfType.Object)
        {
            if (to == JfType.Boolean) return Values.Bool(Values.PropertyCount(value) > 0);
        }
        else
        {
            switch (to)
            {
                case JfType.ArrayString: return new List<object?> { Values.ToStr(value) };
                case JfType.ArrayNumber: return new List<object?> { Values.ToNumber(value) };
                case JfType.Array: return new List<object?> { value };
                case JfType.Number: return Values.ToNumber(value);
                case JfType.String: return Values.ToStr(value);
                case JfType.Boolean: return Values.Bool(Values.ToBoolean(value));
            }
        }
        throw JsonFormulaException.Type($"{context}() expected argument to be type {Values.TypeName(to)} but received type {Values.TypeName(actual)} instead");
    }

    private static List<object?> MapDeep(List<object?> list, Func<object?, object?> convert, string context, JfType to, int depth)
    {
        Guard.Depth(depth);
        var result = new List<object?>(list.Count);
        foreach (var item in list)
        {
            if (Values.IsArray(item)) result.Add(MapDeep(Values.AsList(item), convert, context, to, depth + 1));
            else if (Values.IsObject(item)) throw JsonFormulaException.Type($"{context}() expected argument to be type {Values.TypeName(to)} but received an array containing an object");
            else result.Add(convert(item));
        }
        return result;
    }
}
