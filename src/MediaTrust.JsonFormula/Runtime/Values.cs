using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MediaTrust.JsonFormula.Runtime;

/// <summary>
/// The value model. A value is one of: null, <see cref="bool"/>, <see cref="double"/>, <see cref="string"/>,
/// an array (<see cref="List{T}"/> built here, or <see cref="JsonArray"/> from the input), an object
/// (<see cref="JfObject"/> built here, or <see cref="JsonObject"/> from the input), or an <see cref="ExpressionReference"/>.
/// Input nodes are read lazily so that a path over a large document touches only what it visits.
/// </summary>
internal static partial class Values
{
    public static readonly object True = true;
    public static readonly object False = false;
    public static readonly object Zero = 0d;

    public static object Bool(bool b) => b ? True : False;

    public static object Number(double d) => d;

    /// <summary>Reads an input node shallowly: scalars become CLR values, containers stay nodes.</summary>
    public static object? FromNode(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonObject or JsonArray:
                return node;
            case JsonValue value:
                switch (value.GetValueKind())
                {
                    case JsonValueKind.String:
                        return value.GetValue<string>();
                    case JsonValueKind.True:
                        return True;
                    case JsonValueKind.False:
                        return False;
                    case JsonValueKind.Number:
                        return NumberFromValue(value);
                    default:
                        return null;
                }
            default:
                return null;
        }
    }

    private static object NumberFromValue(JsonValue value)
    {
        if (value.TryGetValue(out double d)) return d;
        if (value.TryGetValue(out long l)) return (double)l;
        if (value.TryGetValue(out int i)) return (double)i;
        if (value.TryGetValue(out decimal m)) return (double)m;
        if (value.TryGetValue(out float f)) return (double)f;
        if (value.TryGetValue(out ulong ul)) return (double)ul;
        if (value.TryGetValue(out JsonElement e) && e.TryGetDouble(out d)) return d;
        return double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture);
    }

    /// <summary>Converts a JSON literal completely into the value model (literals are small and shared between evaluations).</summary>
    public static object? FromNodeDeep(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
            {
                var result = new JfObject(obj.Count);
                foreach (var (key, child) in obj) result[key] = FromNodeDeep(child);
                return result;
            }
            case JsonArray arr:
            {
                var result = new List<object?>(arr.Count);
                foreach (var child in arr) result.Add(FromNodeDeep(child));
                return result;
            }
            default:
                return FromNode(node);
        }
    }

    public static bool IsArray(object? v) => v is List<object?> or JsonArray;

    public static bool IsObject(object? v) => v is JfObject or JsonObject;

    /// <summary>The items of an array value; input arrays are read into a new list.</summary>
    public static List<object?> AsList(object? v)
    {
        if (v is List<object?> list) return list;
        var arr = (JsonArray)v!;
        var result = new List<object?>(arr.Count);
        foreach (var item in arr) result.Add(FromNode(item));
        return result;
    }

    public static int ArrayCount(object? v) => v is List<object?> list ? list.Count : ((JsonArray)v!).Count;

    public static object? ArrayItem(object? v, int index) =>
        v is List<object?> list ? list[index] : FromNode(((JsonArray)v!)[index]);

    public static int PropertyCount(object? v) => v is JfObject o ? o.Count : ((JsonObject)v!).Count;

    public static bool TryGetProperty(object? v, string name, out object? value)
    {
        switch (v)
        {
            case JfObject o:
                return o.TryGetValue(name, out value);
            case JsonObject jo when jo.TryGetPropertyValue(name, out var node):
                value = FromNode(node);
                return true;
            default:
                value = null;
                return false;
        }
    }

    public static IEnumerable<KeyValuePair<string, object?>> Properties(object? v)
    {
        if (v is JfObject o)
        {
            foreach (var kv in o) yield return kv;
        }
        else
        {
            foreach (var (key, node) in (JsonObject)v!) yield return new(key, FromNode(node));
        }
    }

    /// <summary>
    /// Field access (spec § Identifiers): a member of an object, or of an array when the name is a canonical
    /// index (JavaScript own properties); otherwise null.
    /// </summary>
    public static object? GetField(object? v, string name)
    {
        if (TryGetProperty(v, name, out var value)) return value;
        if (IsArray(v) && TryParseIndex(name, out var index) && index < ArrayCount(v)) return ArrayItem(v, index);
        return null;
    }

    private static bool TryParseIndex(string name, out int index)
    {
        index = 0;
        if (name.Length == 0 || name.Length > 9 || (name.Length > 1 && name[0] == '0')) return false;
        foreach (var c in name)
        {
            if (c is < '0' or > '9') return false;
            index = (index * 10) + (c - '0');
        }
        return true;
    }

    public static JfType TypeOf(object? v) => v switch
    {
        null => JfType.Null,
        bool => JfType.Boolean,
        double => JfType.Number,
        string => JfType.String,
        ExpressionReference => JfType.Expression,
        List<object?> or JsonArray => JfType.Array,
        _ => JfType.Object,
    };

    /// <summary>The refined type used to match function signatures: empty array, array of numbers/strings/arrays.</summary>
    public static JfType DetailedTypeOf(object? v)
    {
        var t = TypeOf(v);
        if (t != JfType.Array) return t;
        var list = AsList(v);
        if (list.Count == 0) return JfType.EmptyArray;
        if (AllLeaves(list, JfType.Number, 0)) return JfType.ArrayNumber;
        if (AllLeaves(list, JfType.String, 0)) return JfType.ArrayString;
        foreach (var item in list)
        {
            if (!IsArray(item)) return JfType.Array;
        }
        return JfType.ArrayArray;
    }

    private static bool AllLeaves(List<object?> list, JfType type, int depth)
    {
        Guard.Depth(depth);
        foreach (var item in list)
        {
            if (IsArray(item))
            {
                if (!AllLeaves(AsList(item), type, depth + 1)) return false;
            }
            else if (TypeOf(item) != type)
            {
                return false;
            }
        }
        return true;
    }

    public static bool IsArrayType(JfType t) => t is JfType.Array or JfType.ArrayNumber or JfType.ArrayString or JfType.ArrayArray or JfType.EmptyArray;

    public static string TypeName(JfType t) => t switch
    {
        JfType.Number => "number",
        JfType.Any => "any",
        JfType.String => "string",
        JfType.Array or JfType.EmptyArray => "array",
        JfType.Object => "object",
        JfType.Boolean => "boolean",
        JfType.Expression => "expression",
        JfType.Null => "null",
        JfType.ArrayNumber => "Array<number>",
        JfType.ArrayString => "Array<string>",
        _ => "Array<array>",
    };

    /// <summary>Truthiness (spec § Or Operator): [] {} "" false null 0 are false.</summary>
    public static bool ToBoolean(object? v) => v switch
    {
        null => false,
        bool b => b,
        double d => d != 0 && !double.IsNaN(d),
        string s => s.Length > 0,
        List<object?> l => l.Count > 0,
        JsonArray a => a.Count > 0,
        JfObject o => o.Count > 0,
        JsonObject jo => jo.Count > 0,
        _ => true,
    };

    /// <summary>Coercion to number (spec § Type Coercion Rules); throws TypeError when not possible.</summary>
    public static double ToNumber(object? v) => v switch
    {
        null => 0,
        double d => d,
        bool b => b ? 1 : 0,
        string s => StringToNumber(s) ?? throw JsonFormulaException.Type($"Failed to convert \"{s}\" to number"),
        _ when IsArray(v) => throw JsonFormulaException.Type("Failed to convert array to number"),
        _ => throw JsonFormulaException.Type("Failed to convert object to number"),
    };

    /// <summary>
    /// Parses a well-formed number: optional sign, digits, fraction and exponent, surrounding white space
    /// allowed; the empty string is zero. Returns null when the string is not a number.
    /// </summary>
    public static double? StringToNumber(string s)
    {
        var t = s.AsSpan().Trim();
        if (t.IsEmpty) return 0;
        var i = 0;
        if (t[i] is '+' or '-') i++;
        var digits = 0;
        while (i < t.Length && char.IsAsciiDigit(t[i])) { i++; digits++; }
        if (i < t.Length && t[i] == '.')
        {
            i++;
            var frac = 0;
            while (i < t.Length && char.IsAsciiDigit(t[i])) { i++; frac++; }
            if (frac == 0) return null;
            digits += frac;
        }
        if (i < t.Length && t[i] is 'e' or 'E')
        {
            i++;
            if (i < t.Length && t[i] is '+' or '-') i++;
            var exp = 0;
            while (i < t.Length && char.IsAsciiDigit(t[i])) { i++; exp++; }
            if (exp == 0) return null;
        }
        if (i != t.Length) return null;
        if (digits == 0) return null;
        return double.Parse(t, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>Coercion to string (spec § Type Coercion Rules); arrays and objects are a TypeError.</summary>
    public static string ToStr(object? v) => v switch
    {
        null => "",
        string s => s,
        double d => NumberToString(d),
        bool b => b ? "true" : "false",
        _ when IsArray(v) => throw JsonFormulaException.Type("Failed to convert array to string"),
        _ => throw JsonFormulaException.Type("Failed to convert object to string"),
    };

    /// <summary>Formats a number as JavaScript's Number.prototype.toString does (shortest round trip, exponent outside 1e-7..1e21).</summary>
    public static string NumberToString(double d)
    {
        if (double.IsNaN(d)) return "NaN";
        if (double.IsPositiveInfinity(d)) return "Infinity";
        if (double.IsNegativeInfinity(d)) return "-Infinity";
        if (d == 0) return "0";
        var shortest = d.ToString("R", CultureInfo.InvariantCulture);
        var negative = d < 0;
        var body = negative ? shortest[1..] : shortest;
        string mantissaDigits;
        int exponent;
        var ePos = body.IndexOfAny(['E', 'e']);
        var mant = ePos >= 0 ? body[..ePos] : body;
        var exp = ePos >= 0 ? int.Parse(body[(ePos + 1)..], CultureInfo.InvariantCulture) : 0;
        var dot = mant.IndexOf('.', StringComparison.Ordinal);
        var intPart = dot >= 0 ? mant[..dot] : mant;
        var fracPart = dot >= 0 ? mant[(dot + 1)..] : "";
        var all = (intPart + fracPart).TrimStart('0');
        var leadingZeros = (intPart + fracPart).Length - all.Length;
        exponent = intPart.Length - leadingZeros + exp; // position of the decimal point relative to the digits
        mantissaDigits = all.TrimEnd('0');
        if (mantissaDigits.Length == 0) return "0";
        var k = mantissaDigits.Length;
        var n = exponent;
        string result;
        if (k <= n && n <= 21)
        {
            result = mantissaDigits + new string('0', n - k);
        }
        else if (0 < n && n <= 21)
        {
            result = mantissaDigits[..n] + "." + mantissaDigits[n..];
        }
        else if (-6 < n && n <= 0)
        {
            result = "0." + new string('0', -n) + mantissaDigits;
        }
        else
        {
            var e = n - 1;
            var sign = e < 0 ? "-" : "+";
            result = k == 1
                ? mantissaDigits + "e" + sign + Math.Abs(e).ToString(CultureInfo.InvariantCulture)
                : mantissaDigits[..1] + "." + mantissaDigits[1..] + "e" + sign + Math.Abs(e).ToString(CultureInfo.InvariantCulture);
        }
        return negative ? "-" + result : result;
    }

    /// <summary>Deep equality (spec § Equality Operators): no coercion, arrays in order, objects by key set.</summary>
    public static bool DeepEquals(object? a, object? b, int depth = 0)
    {
        Guard.Depth(depth);
        var ta = TypeOf(a);
        if (ta != TypeOf(b)) return false;
        switch (ta)
        {
            case JfType.Null:
                return true;
            case JfType.Boolean:
                return (bool)a! == (bool)b!;
            case JfType.Number:
                return (double)a! == (double)b!;
            case JfType.String:
                return string.Equals((string)a!, (string)b!, StringComparison.Ordinal);
            case JfType.Array:
            {
                var n = ArrayCount(a);
                if (n != ArrayCount(b)) return false;
                for (var i = 0; i < n; i++)
                {
                    if (!DeepEquals(ArrayItem(a, i), ArrayItem(b, i), depth + 1)) return false;
                }
                return true;
            }
            case JfType.Object:
            {
                if (PropertyCount(a) != PropertyCount(b)) return false;
                foreach (var (key, value) in Properties(a))
                {
                    if (!TryGetProperty(b, key, out var other) || !DeepEquals(value, other, depth + 1)) return false;
                }
                return true;
            }
            default:
                return ReferenceEquals(a, b);
        }
    }

    /// <summary>Converts a value into a detached JSON node for the caller.</summary>
    public static JsonNode? ToNode(object? v, int depth = 0)
    {
        Guard.Depth(depth);
        switch (v)
        {
            case null:
                return null;
            case bool b:
                return JsonValue.Create(b);
            case double d:
                if (!double.IsFinite(d)) return null;
                if (d == 0) d = 0; // no negative zero in JSON output
                return JsonValue.Create(d);
            case string s:
                return JsonValue.Create(s);
            case List<object?> list:
            {
                var arr = new JsonArray();
                foreach (var item in list) arr.Add(ToNode(item, depth + 1));
                return arr;
            }
            case JsonArray ja:
            {
                var arr = new JsonArray();
                foreach (var item in ja) arr.Add(ToNode(FromNode(item), depth + 1));
                return arr;
            }
            case JfObject o:
            {
                var obj = new JsonObject();
                foreach (var (key, value) in o) obj[key] = ToNode(value, depth + 1);
                return obj;
            }
            case JsonObject jo:
            {
                var obj = new JsonObject();
                foreach (var (key, value) in jo) obj[key] = ToNode(FromNode(value), depth + 1);
                return obj;
            }
            default:
                return null;
        }
    }

    /// <summary>
    /// Serialises a value as JSON (for <c>toString()</c> and <c>join()</c>): compact, or indented by up to 10 spaces.
    /// The text is written into a buffer that asks the evaluation's memory budget before it grows, because indentation
    /// makes the text of a deep value many times larger than the value.
    /// </summary>
    public static string ToJson(object? v, int indent = 0)
    {
        var node = ToNode(v);
        if (node is null) return "null";
        var buffer = new BudgetedBufferWriter();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            Indented = indent > 0,
            IndentSize = Math.Clamp(indent, 1, 10),
        }))
        {
            node.WriteTo(writer);
        }

        Guard.Allocating(2L * buffer.WrittenCount);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>An <see cref="System.Buffers.ArrayBufferWriter{T}"/> that checks the evaluation's memory budget before each growth.</summary>
    private sealed class BudgetedBufferWriter : System.Buffers.IBufferWriter<byte>
    {
        private readonly System.Buffers.ArrayBufferWriter<byte> _inner = new(256);

        public int WrittenCount => _inner.WrittenCount;

        public ReadOnlySpan<byte> WrittenSpan => _inner.WrittenSpan;

        public void Advance(int count) => _inner.Advance(count);

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            Reserve(sizeHint);
            return _inner.GetMemory(sizeHint);
        }

        public Span<byte> GetSpan(int sizeHint = 0)
        {
            Reserve(sizeHint);
            return _inner.GetSpan(sizeHint);
        }

        // ArrayBufferWriter doubles its array (at least to the hint) when the free space is short.
        private void Reserve(int sizeHint)
        {
            if (_inner.FreeCapacity < Math.Max(sizeHint, 1))
            {
                Guard.Allocating(Math.Max(2L * _inner.Capacity, (long)_inner.Capacity + sizeHint));
            }
        }
    }
}
