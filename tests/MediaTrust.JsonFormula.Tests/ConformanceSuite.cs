using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MediaTrust.Testing;

namespace MediaTrust.JsonFormula;

/// <summary>
/// Runs Adobe's language-neutral json-formula test suites (../shared/corpus/json-formula/*.json, format in
/// testing.md there) the way the reference harness does: globals $days, $, $$ and $form, the pre-registered
/// functions _summarize, _localDate and _product, en-US unless the case names a language.
/// </summary>
internal static class ConformanceSuite
{
    public sealed record Case(string File, int Suite, int Index, JsonNode? Given, JsonObject Test)
    {
        public string Expression => ReadString(Test["expression"]!);

        public override string ToString() => $"{File}#{Suite}.{Index}: {Expression}";
    }

    private static readonly Dictionary<string, (string, bool)> Registered = new()
    {
        ["_summarize"] = ("reduce(@, &merge(accumulated, fromEntries([[current, 1 + value(accumulated, current)]])), fromEntries(map(@, &[@, 0])))", false),
        ["_localDate"] = ("split(@, \"-\") | datetime(@[0], @[1], @[2])", false),
        ["_product"] = ("@[0] * [1]", false),
    };

    private static readonly Dictionary<string, JsonFormulaEngine> Engines = [];

    public static string? Folder
    {
        get
        {
            var root = SharedFolder.Path;
            var folder = root is null ? null : Path.Combine(root, "corpus", "json-formula");
            return folder is not null && Directory.Exists(folder) ? folder : null;
        }
    }

    public static JsonFormulaEngine Engine(string language)
    {
        lock (Engines)
        {
            if (!Engines.TryGetValue(language, out var engine))
            {
                engine = new JsonFormulaEngine(new JsonFormulaOptions
                {
                    Culture = CultureInfo.GetCultureInfo(language),
                    FormulaFunctions = Registered,
                });
                Engines[language] = engine;
            }
            return engine;
        }
    }

    public static IEnumerable<Case> Load(string folder, string? onlyFile = null)
    {
        foreach (var path in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            var file = Path.GetFileName(path);
            if (onlyFile is not null && file != onlyFile) continue;
            var suites = JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })!.AsArray();
            for (var s = 0; s < suites.Count; s++)
            {
                var suite = suites[s]!.AsObject();
                var cases = suite["cases"]!.AsArray();
                for (var c = 0; c < cases.Count; c++) yield return new Case(file, s, c, suite["given"], cases[c]!.AsObject());
            }
        }
    }

    /// <summary>Runs one case; returns null when it passes, else a description of the difference.</summary>
    public static string? Run(Case c)
    {
        var language = c.Test["language"]?.GetValue<string>() ?? "en-US";
        var engine = Engine(language);
        var data = c.Given;
        var dataSpec = c.Test["data"];
        if (dataSpec is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            data = Engine("en-US").Evaluate(v.GetValue<string>(), c.Given);
        }
        else if (c.Test.ContainsKey("data"))
        {
            data = dataSpec;
        }
        var globals = new Dictionary<string, JsonNode?>
        {
            ["$days"] = new JsonArray("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
            ["$"] = 42,
            ["$$"] = 43,
            ["$form"] = data,
        };
        var expectedError = c.Test["error"]?.GetValue<string>();
        JsonNode? result;
        try
        {
            result = engine.Compile(c.Expression).Evaluate(data, globals);
        }
        catch (JsonFormulaException ex)
        {
            if (expectedError == ex.Kind.ToString()) return null;
            return expectedError is null
                ? $"unexpected {ex.Kind}: {ex.Message}"
                : $"expected {expectedError} but got {ex.Kind}: {ex.Message}";
        }
#pragma warning disable CA1031 // a crash of one case is reported as that case's failure
        catch (Exception ex)
        {
            return $"CRASH {ex.GetType().Name}: {ex.Message}";
        }
#pragma warning restore CA1031
        if (expectedError is not null) return $"expected {expectedError} but got result {result?.ToJsonString() ?? "null"}";
        var expected = c.Test["result"];
        return Same(result, expected) ? null : $"expected {expected?.ToJsonString() ?? "null"} but got {result?.ToJsonString() ?? "null"}";
    }

    /// <summary>Reads a JSON string; System.Text.Json cannot decode a lone surrogate, which one case holds.</summary>
    public static string ReadString(JsonNode node)
    {
        try
        {
            return node.GetValue<string>();
        }
        catch (InvalidOperationException)
        {
            return "(expression with a lone surrogate escape: unreadable by System.Text.Json)";
        }
    }

    /// <summary>Deep equality; numbers within 5 decimal places (the reference harness: toBeCloseTo(x, 5)).</summary>
    public static bool Same(JsonNode? a, JsonNode? b)
    {
        if (a is null || b is null) return a is null && b is null;
        if (a is JsonArray aa && b is JsonArray ba)
        {
            if (aa.Count != ba.Count) return false;
            for (var i = 0; i < aa.Count; i++) if (!Same(aa[i], ba[i])) return false;
            return true;
        }
        if (a is JsonObject ao && b is JsonObject bo)
        {
            if (ao.Count != bo.Count) return false;
            foreach (var (k, v) in ao)
            {
                if (!bo.TryGetPropertyValue(k, out var w) || !Same(v, w)) return false;
            }
            return true;
        }
        if (a is JsonValue av && b is JsonValue bv && av.GetValueKind() == JsonValueKind.Number && bv.GetValueKind() == JsonValueKind.Number)
        {
            var x = av.GetValue<double>();
            var y = bv.GetValue<double>();
            return x == y || Math.Abs(x - y) < 5e-6;
        }
        return JsonNode.DeepEquals(a, b);
    }
}
