using MediaTrust.JsonFormula.Runtime;

namespace MediaTrust.JsonFormula.Functions;

internal static partial class Builtins
{
    private static void AddCollections(Action<string, FunctionImpl, Param[]> add, Dictionary<string, FunctionDef> table)
    {
        add("and", (a, _, _) => Values.Bool(a.All(Values.ToBoolean)), [new Param(AnyT, Variadic: true)]);
        add("or", (a, _, _) => Values.Bool(a.Any(Values.ToBoolean)), [new Param(AnyT, Variadic: true)]);
        add("not", (a, _, _) => Values.Bool(!Values.ToBoolean(a[0])), [P(AnyT)]);
        add("true", (_, _, _) => Values.True, []);
        add("false", (_, _, _) => Values.False, []);
        add("null", (_, _, _) => null, []);
        add("notNull", (a, _, _) => a.FirstOrDefault(v => v is not null), [new Param(AnyT, Variadic: true)]);
        add("type", (a, _, _) => Values.TypeOf(a[0]) switch
        {
            JfType.Expression => "expref",
            var t => Values.TypeName(t),
        }, [P(AnyT)]);
        add("debug", (a, _, _) => a[0], [P(AnyT), Opt([JfType.Any, JfType.Expression])]);
        add("contains", (a, _, _) =>
        {
            if (Values.IsArray(a[0]))
            {
                foreach (var item in Values.AsList(a[0])) if (Values.DeepEquals(item, a[1])) return Values.True;
                return Values.False;
            }
            if (a[1] is not string search) throw JsonFormulaException.Type("contains() requires a string search value for string subjects");
            return Values.Bool(search.Length == 0 || ContainsCodePoints((string)a[0]!, search));
        }, [P([JfType.String, JfType.Array]), P(AnyT)]);
        add("deepScan", (a, _, _) =>
        {
            var items = new List<object?>();
            var byIndex = a[1] is double;
            var name = byIndex ? null : Values.ToStr(a[1]);
            var index = byIndex ? ToInt(a[1]) : 0;
            Scan(a[0], 0);
            return items;

            void Scan(object? node, int depth)
            {
                Guard.Depth(depth);
                if (Values.IsArray(node))
                {
                    var list = Values.AsList(node);
                    if (byIndex && index >= 0 && index < list.Count) items.Add(list[index]);
                    foreach (var item in list) Scan(item, depth + 1);
                }
                else if (Values.IsObject(node))
                {
                    foreach (var (key, value) in Values.Properties(node))
                    {
                        if (!byIndex && key == name) items.Add(value);
                        Scan(value, depth + 1);
                    }
                }
            }
        }, [P([JfType.Object, JfType.Array, JfType.Null]), P([JfType.String, JfType.Number])]);
        add("entries", (a, _, _) =>
        {
            var result = new List<object?>();
            if (Values.IsArray(a[0]))
            {
                var list = Values.AsList(a[0]);
                for (var i = 0; i < list.Count; i++) result.Add(new List<object?> { Values.NumberToString(i), list[i] });
            }
            else
            {
                foreach (var (k, v) in Values.Properties(a[0])) result.Add(new List<object?> { k, v });
            }
            return result;
        }, [P([JfType.Array, JfType.Object])]);
        add("fromEntries", (a, _, _) =>
        {
            var result = new JfObject();
            foreach (var pair in Values.AsList(a[0]))
            {
                if (!Values.IsArray(pair) || Values.ArrayCount(pair) != 2 || Values.ArrayItem(pair, 0) is not string key)
                {
                    throw JsonFormulaException.Type("fromEntries() requires an array of key value pairs");
                }
                result[key] = Values.ArrayItem(pair, 1);
            }
            return result;
        }, [P([JfType.ArrayArray, JfType.ArrayString, JfType.ArrayNumber])]);
        add("hasProperty", (a, _, _) =>
        {
            var obj = a[0];
            if (obj is null) return Values.False;
            if (Values.IsArray(obj))
            {
                if (a[1] is not double) throw JsonFormulaException.Type("hasProperty(): Array index must be an integer");
                var i = ToInteger(a[1]);
                return Values.Bool(i >= 0 && i < Values.ArrayCount(obj));
            }
            if (!Values.IsObject(obj)) throw JsonFormulaException.Type("First parameter to hasProperty() must be either an object or array.");
            if (a[1] is not string key) throw JsonFormulaException.Type("hasProperty(): Object key must be a string");
            return Values.Bool(Values.TryGetProperty(obj, key, out _));
        }, [P(AnyT), P([JfType.String, JfType.Number])]);
        add("value", (a, _, _) =>
        {
            var obj = a[0];
            if (obj is null) return null;
            if (Values.IsArray(obj))
            {
                if (a[1] is not double) throw JsonFormulaException.Type("value() requires an integer index for arrays");
                var i = ToInteger(a[1]);
                return i >= 0 && i < Values.ArrayCount(obj) ? Values.ArrayItem(obj, (int)i) : null;
            }
            if (!Values.IsObject(obj)) throw JsonFormulaException.Type("First parameter to value() must be one of: object, array, null.");
            if (a[1] is not string key) throw JsonFormulaException.Type("value() requires a string index for objects");
            return Values.TryGetProperty(obj, key, out var v) ? v : null;
        }, [P(AnyT), P([JfType.String, JfType.Number])]);
        add("keys", (a, _, _) => Values.Properties(a[0]).Select(kv => (object?)kv.Key).ToList(), [P(Obj)]);
        add("values", (a, _, _) => Values.Properties(a[0]).Select(kv => kv.Value).ToList(), [P(Obj)]);
        add("merge", (a, _, _) =>
        {
            var result = new JfObject();
            foreach (var o in a)
            {
                if (o is null) continue;
                foreach (var (k, v) in Values.Properties(o)) result[k] = v;
            }
            return result;
        }, [new Param([JfType.Object, JfType.Null], Variadic: true)]);
        add("map", (a, _, ctx) =>
        {
            var reference = (ExpressionReference)a[1]!;
            return Values.AsList(a[0]).ConvertAll(item => ctx.Apply(reference, item));
        }, [P(Arr), P(Expr)]);
        add("reduce", (a, _, ctx) =>
        {
            var reference = (ExpressionReference)a[1]!;
            var list = Values.AsList(a[0]);
            var accumulated = a.Length == 3 ? a[2] : null;
            for (var i = 0; i < list.Count; i++)
            {
                var frame = new JfObject(4) { ["accumulated"] = accumulated, ["current"] = list[i], ["index"] = (double)i, ["array"] = list };
                accumulated = ctx.Apply(reference, frame);
            }
            return accumulated;
        }, [P(Arr), P(Expr), Opt(AnyT)]);
        add("register", (a, _, ctx) => Register(a, ctx, withParams: false), [P(Str), P(Expr)]);
        add("registerWithParams", (a, _, ctx) => Register(a, ctx, withParams: true), [P(Str), P(Expr)]);
        add("sort", (a, _, _) =>
        {
            var numbers = new List<double>();
            var strings = new List<string>();
            var booleans = new List<object?>();
            var nulls = 0;
            foreach (var v in Values.AsList(a[0]))
            {
                switch (v)
                {
                    case double d: numbers.Add(d); break;
                    case string s: strings.Add(s); break;
                    case bool: booleans.Add(v); break;
                    case null: nulls++; break;
                    default: throw JsonFormulaException.Evaluation("Bad datatype for sort");
                }
            }
            numbers.Sort();
            strings.Sort(string.CompareOrdinal);
            var result = new List<object?>(numbers.Count + strings.Count + booleans.Count + nulls);
            result.AddRange(numbers.Select(d => (object?)d));
            result.AddRange(strings);
            result.AddRange(booleans);
            for (var i = 0; i < nulls; i++) result.Add(null);
            return result;
        }, [P(Arr)]);
        add("sortBy", (a, _, ctx) =>
        {
            var list = Values.AsList(a[0]);
            if (list.Count == 0) return new List<object?>();
            var reference = (ExpressionReference)a[1]!;
            var keys = list.ConvertAll(item => ctx.Apply(reference, item));
            var required = Values.TypeOf(keys[0]);
            if (required is not (JfType.Number or JfType.String)) throw JsonFormulaException.Type("Bad data type for sortBy()");
            foreach (var k in keys)
            {
                if (Values.TypeOf(k) != required) throw JsonFormulaException.Type($"sortBy expected {Values.TypeName(required)}, received {Values.TypeName(Values.TypeOf(k))}");
            }
            var order = Enumerable.Range(0, list.Count).ToArray();
            Array.Sort(order, (x, y) =>
            {
                var c = required == JfType.Number ? ((double)keys[x]!).CompareTo((double)keys[y]!) : string.CompareOrdinal((string)keys[x]!, (string)keys[y]!);
                return c != 0 ? c : x.CompareTo(y);
            });
            return order.Select(i => list[i]).ToList();
        }, [P(Arr), P(Expr)]);
        add("toArray", (a, _, _) => Values.IsArray(a[0]) ? a[0] : new List<object?> { a[0] }, [P(AnyT)]);
        add("unique", (a, _, _) =>
        {
            var result = new List<object?>();
            foreach (var v in Values.AsList(a[0]))
            {
                if (!result.Any(r => Values.DeepEquals(r, v))) result.Add(v);
            }
            return result;
        }, [P(Arr)]);
        add("zip", (a, _, _) =>
        {
            var lists = a.Select(Values.AsList).ToList();
            var count = lists.Min(l => l.Count);
            var result = new List<object?>(count);
            for (var i = 0; i < count; i++) result.Add(lists.ConvertAll(l => l[i]));
            return result;
        }, [new Param(Arr, Variadic: true)]);
        _ = table;
    }
}
