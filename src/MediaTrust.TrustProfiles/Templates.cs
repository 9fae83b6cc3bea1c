using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using MediaTrust.JsonFormula;

namespace MediaTrust.TrustProfiles;

/// <summary>
/// The Handlebars subset Trust Profiles use (see docs/jpeg-trust.md): <c>{{path.to.value}}</c> lookups (keys may
/// contain <c>:</c>) and <c>{{expr "json-formula"}}</c>. No HTML escaping. An unknown helper or a missing simple name
/// renders as <c>🔴 Missing: name(args)</c>, as the reference evaluator's helperMissing does; an expression error
/// renders as <c>🔴 Error: message</c> (Rust evaluator).
/// </summary>
internal sealed class Templates
{
    private const int MaxOutputLength = 1 << 20;

    internal static readonly JsonSerializerOptions CompactJson = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };

    private readonly Func<string, JsonNode?, JsonNode?> _evaluate;

    /// <param name="evaluate">Evaluates a json-formula expression against a context; throws <see cref="JsonFormulaException"/>.</param>
    public Templates(Func<string, JsonNode?, JsonNode?> evaluate) => _evaluate = evaluate;

    public static bool HasTemplate(string text) => text.Contains("{{", StringComparison.Ordinal);

    public string Render(string text, JsonNode? context, JsonObject? locals = null)
    {
        if (!HasTemplate(text))
        {
            return text;
        }

        var output = new StringBuilder(text.Length + 32);
        var position = 0;
        while (position < text.Length)
        {
            var open = text.IndexOf("{{", position, StringComparison.Ordinal);
            if (open < 0)
            {
                output.Append(text, position, text.Length - position);
                break;
            }

            var close = text.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                output.Append(text, position, text.Length - position);
                break;
            }

            output.Append(text, position, open - position);
            var end = close + 2;
            var inner = text.AsSpan(open + 2, close - open - 2);
            if (inner.StartsWith("{") && end < text.Length && text[end] == '}')
            {
                inner = inner[1..]; // {{{ raw }}}: we never escape, so it is the same
                end++;
            }

            output.Append(Mustache(inner.Trim().Trim('~').Trim().ToString(), context, locals));
            if (output.Length > MaxOutputLength)
            {
                throw new ProfileException($"A template renders to more than {MaxOutputLength} characters");
            }

            position = end;
        }

        return output.ToString();
    }

    private string Mustache(string inner, JsonNode? context, JsonObject? locals)
    {
        var (name, args) = SplitHelper(inner);
        if (args.Count == 0)
        {
            return Lookup(name, context, locals, out var found) is var value && found
                ? ToText(value, expression: false)
                : name.Contains('.', StringComparison.Ordinal) ? "" : $"🔴 Missing: {name}()";
        }

        if (name == "expr" && args.Count == 1 && args[0].Quoted)
        {
            try
            {
                var scope = context;
                if (locals is { Count: > 0 } && context is JsonObject root)
                {
                    scope = root.DeepClone();
                    foreach (var (k, v) in locals)
                    {
                        scope[k] = v?.DeepClone();
                    }
                }

                return ToText(_evaluate(args[0].Text, scope), expression: true);
            }
            catch (JsonFormulaException e)
            {
                return $"🔴 Error: {e.Kind}: {e.Message}";
            }
        }

        return $"🔴 Missing: {name}({string.Join(", ", args.Select(a => a.Quoted ? $"\"{a.Text}\"" : a.Text))})";
    }

    private static (string Name, List<(string Text, bool Quoted)> Args) SplitHelper(string inner)
    {
        var args = new List<(string, bool)>();
        var i = 0;
        while (i < inner.Length && !char.IsWhiteSpace(inner[i]))
        {
            i++;
        }

        var name = inner[..i];
        while (i < inner.Length)
        {
            if (char.IsWhiteSpace(inner[i]))
            {
                i++;
                continue;
            }

            if (inner[i] is '"' or '\'')
            {
                var quote = inner[i];
                var text = new StringBuilder();
                i++;
                while (i < inner.Length && inner[i] != quote)
                {
                    if (inner[i] == '\\' && i + 1 < inner.Length && inner[i + 1] == quote)
                    {
                        i++;
                    }

                    text.Append(inner[i]);
                    i++;
                }

                i++;
                args.Add((text.ToString(), true));
            }
            else
            {
                var start = i;
                while (i < inner.Length && !char.IsWhiteSpace(inner[i]))
                {
                    i++;
                }

                args.Add((inner[start..i], false));
            }
        }

        return (name, args);
    }

    private static JsonNode? Lookup(string path, JsonNode? context, JsonObject? locals, out bool found)
    {
        var segments = path.Split('.');
        JsonNode? node = context;
        found = false;
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (i == 0 && segment == "this")
            {
                continue;
            }

            if (i == 0 && locals is not null && locals.TryGetPropertyValue(segment, out var local))
            {
                node = local;
                continue;
            }

            switch (node)
            {
                case JsonObject obj when obj.TryGetPropertyValue(segment, out var child):
                    node = child;
                    break;
                case JsonArray array when int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < array.Count:
                    node = array[index];
                    break;
                default:
                    return null;
            }
        }

        found = true;
        return node;
    }

    /// <summary>How a value appears in text: JavaScript's String() for a lookup, JSON.stringify for objects and arrays from <c>expr</c>.</summary>
    public static string ToText(JsonNode? value, bool expression)
    {
        switch (value)
        {
            case null:
                return "";
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                return v.GetValue<string>();
            case JsonValue v when v.GetValueKind() == JsonValueKind.Number:
                return JsNumber(double.Parse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture));
            case JsonValue v:
                return v.GetValueKind() == JsonValueKind.True ? "true" : "false";
            case JsonArray array when !expression:
                return string.Join(",", array.Select(item => item is JsonObject or JsonArray ? ToText(item, false) : ToText(item, false)));
            case JsonObject when !expression:
                return "[object Object]";
            default:
                return value.ToJsonString(CompactJson);
        }
    }

    /// <summary>A number as JavaScript prints it (integers without a fraction, otherwise the shortest round-trip form).</summary>
    public static string JsNumber(double d)
    {
        if (double.IsNaN(d))
        {
            return "NaN";
        }

        if (Math.Abs(d) < 1e21 && d == Math.Floor(d))
        {
            return d.ToString("0", CultureInfo.InvariantCulture);
        }

        return d.ToString("R", CultureInfo.InvariantCulture);
    }
}
