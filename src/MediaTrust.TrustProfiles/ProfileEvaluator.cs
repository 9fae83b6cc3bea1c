using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MediaTrust.JsonFormula;

namespace MediaTrust.TrustProfiles;

/// <summary>Settings of a <see cref="ProfileEvaluator"/>.</summary>
public sealed class ProfileEvaluatorOptions
{
    /// <summary>The instant json-formula's <c>now()</c> and <c>today()</c> see; null for the system clock. Pin it for reproducible reports.</summary>
    public DateTimeOffset? Now { get; init; }

    /// <summary>The language to pick from multilingual texts (BCP 47); null for the profile's own <c>language</c>, then <c>en</c>.</summary>
    public string? Language { get; init; }

    /// <summary>The time zone of date functions (default UTC, see docs/json-formula.md).</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>
    /// The most memory one profile evaluation may allocate, in bytes (default 1 GiB), counted on the evaluating thread.
    /// Each expression also has json-formula's own budget (<c>JsonFormulaOptions.MaxEvaluationBytes</c> and
    /// <c>MaxEvaluationSteps</c>); this one bounds what many statements spend together, since each result is kept for
    /// the next. Past it, every remaining expression is reported as an EvaluationError without being evaluated.
    /// </summary>
    public long MaxEvaluationBytes { get; init; } = 1L << 30;
}

/// <summary>
/// Evaluates a <see cref="TrustProfile"/> over any JSON document (a Trust Indicator Set, a crJSON document, …) and
/// produces a <see cref="TrustReport"/>, following the reference evaluators' algorithm (see docs/jpeg-trust.md).
/// An error in one statement is recorded in that statement (<c>error: {kind, message}</c>) and evaluation goes on.
/// </summary>
public sealed partial class ProfileEvaluator
{
    private static readonly HashSet<string> RawInformationKeys = ["variables", "expressions", "include"];

    private readonly ProfileEvaluatorOptions _options;

    /// <summary>Creates an evaluator with default options (system clock, profile language).</summary>
    public ProfileEvaluator() : this(new ProfileEvaluatorOptions()) { }

    /// <summary>Creates an evaluator.</summary>
    public ProfileEvaluator(ProfileEvaluatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <summary>
    /// Evaluates <paramref name="profile"/> over <paramref name="indicators"/> (never modified). The token is checked
    /// before each expression, so a server can stop a long evaluation of an uploaded profile.
    /// </summary>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public TrustReport Evaluate(TrustProfile profile, JsonNode? indicators, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return new Run(this, profile, indicators, cancellationToken).Execute();
    }

    /// <summary>One evaluation: its context, engine and compiled expressions.</summary>
    private sealed class Run
    {
        private readonly ProfileEvaluator _owner;
        private readonly TrustProfile _profile;
        private readonly JsonObject _context;
        private readonly JsonObject _results;
        private readonly Dictionary<string, JsonNode?> _globals = new(StringComparer.Ordinal);
        private readonly Dictionary<string, CompiledFormula?> _compiled = new(StringComparer.Ordinal);
        private readonly JsonFormulaEngine _engine;
        private readonly Templates _templates;
        private readonly List<string> _profileErrors = [];
        private readonly CancellationToken _cancellation;
        private readonly long _allocatedAtStart = GC.GetAllocatedBytesForCurrentThread();

        public Run(ProfileEvaluator owner, TrustProfile profile, JsonNode? indicators, CancellationToken cancellation)
        {
            _owner = owner;
            _cancellation = cancellation;
            _profile = profile;
            _context = indicators is JsonObject o ? (JsonObject)o.DeepClone() : new JsonObject();
            if (_context["profile"] is not JsonObject)
            {
                _context["profile"] = new JsonObject();
            }

            _results = (JsonObject)_context["profile"]!;

            if (profile.Information["variables"] is JsonObject variables)
            {
                foreach (var (name, value) in variables)
                {
                    if (name.StartsWith('$'))
                    {
                        _globals[name] = value?.DeepClone();
                    }
                    else
                    {
                        _profileErrors.Add($"variable \"{name}\" ignored: names of variables must start with $");
                    }
                }
            }

            var functions = new Dictionary<string, (string, bool)>(StringComparer.Ordinal);
            if (profile.Information["expressions"] is JsonObject expressions)
            {
                foreach (var (name, value) in expressions)
                {
                    if (!name.StartsWith('_') || value is not JsonValue v || !v.TryGetValue<string>(out var body))
                    {
                        _profileErrors.Add($"expression \"{name}\" ignored: names must start with _ and bodies must be json-formula text");
                        continue;
                    }

                    var withParams = ContainsArgs(body);
                    var rewritten = RewriteZeroArgumentCalls(withParams ? ReplaceArgs(body) : body);
                    try
                    {
                        new JsonFormulaEngine().Compile(rewritten);
                        functions[name] = (rewritten, withParams);
                    }
                    catch (JsonFormulaException e)
                    {
                        _profileErrors.Add($"expression \"{name}\" ignored: {e.Kind}: {e.Message}");
                    }
                }
            }

            _engine = new JsonFormulaEngine(new JsonFormulaOptions
            {
                Clock = owner._options.Now is { } now ? new FixedClock(now) : TimeProvider.System,
                TimeZone = owner._options.TimeZone,
                FormulaFunctions = functions,
            });
            _templates = new Templates(Evaluate);

            // §7 step 2: every information-block key becomes a root key of the context; custom values are rendered.
            foreach (var (key, value) in profile.Information)
            {
                _context[key] = RawInformationKeys.Contains(key) ? value?.DeepClone() : ProcessValue(value);
            }
        }

        public TrustReport Execute()
        {
            var report = new JsonObject();
            var statements = new JsonArray();
            foreach (var section in _profile.Sections)
            {
                var entries = new JsonArray();
                foreach (var item in section)
                {
                    if (item is not JsonObject statement)
                    {
                        continue;
                    }

                    if (statement["block"] is JsonObject block)
                    {
                        RunBlock(block, report);
                    }
                    else if (statement["id"] is JsonValue)
                    {
                        entries.Add((JsonNode)RunStatement(statement)); // the JsonNode overload: Add<T> is not AOT-safe
                    }

                    // An item with neither id nor block is ignored, as the reference evaluator does.
                }

                if (entries.Count > 0)
                {
                    statements.Add((JsonNode)entries);
                }
            }

            // The 2026 reference evaluator always reports the profile's metadata first; profiles that output it
            // themselves through a data block (every published sample) are unaffected.
            if (_profile.MetadataKey is { } key && !report.ContainsKey(key))
            {
                var withMetadata = new JsonObject { [key] = _context[key]?.DeepClone() };
                foreach (var (k, v) in report.ToList())
                {
                    report.Remove(k);
                    withMetadata[k] = v;
                }

                report = withMetadata;
            }

            if (_profileErrors.Count > 0)
            {
                report["profile_errors"] = new JsonArray([.. _profileErrors.Select(e => JsonValue.Create(e))]);
            }

            report["statements"] = statements;
            return new TrustReport(report);
        }

        private void RunBlock(JsonObject block, JsonObject report)
        {
            if (block["name"] is not JsonValue n || !n.TryGetValue<string>(out var name))
            {
                _profileErrors.Add("a data block without a name was ignored");
                return;
            }

            var value = ProcessValue(block["value"]);
            report[name] = value;
            _results[name] = value?.DeepClone();
        }

        private JsonObject RunStatement(JsonObject statement)
        {
            var id = Templates.ToText(statement["id"], expression: false);
            var entry = new JsonObject { ["id"] = id };
            var text = statement["report_text"] ?? statement["result_text"] ?? statement["reportText"];
            if (statement["expression"] is not JsonValue e || !e.TryGetValue<string>(out var expression))
            {
                // Information statement: title and text, rendered (§5.3).
                if (statement["title"] is { } title)
                {
                    entry["title"] = RenderText(title, null);
                }

                if (text is not null)
                {
                    entry["report_text"] = RenderText(text, null);
                }

                return entry;
            }

            JsonNode? value;
            JsonObject? locals = null;
            try
            {
                value = Evaluate(RewriteZeroArgumentCalls(expression), _context);
            }
            catch (JsonFormulaException error)
            {
                _results[id] = null;
                entry["error"] = new JsonObject { ["kind"] = error.Kind.ToString(), ["message"] = error.Message };
                return entry;
            }

            if (statement["failIfMatched"] is JsonValue f && f.GetValueKind() == JsonValueKind.True)
            {
                // Asset-rubric extension: the expression lists what fails; nothing listed means the check passes.
                locals = new JsonObject { ["matches"] = value?.DeepClone() };
                value = JsonValue.Create(value is null || value is JsonArray { Count: 0 });
            }

            _results[id] = value?.DeepClone();
            entry["value"] = value?.DeepClone();
            if (text is JsonObject byResult && ResultKey(value) is { } resultKey && byResult[resultKey] is { } chosen)
            {
                entry["report_text"] = RenderText(chosen, locals);
            }

            return entry;
        }

        private string RenderText(JsonNode text, JsonObject? locals) =>
            _templates.Render(PickLanguage(text), _context, locals);

        private string PickLanguage(JsonNode text)
        {
            if (text is not JsonObject byLanguage)
            {
                return Templates.ToText(text, expression: false);
            }

            foreach (var language in (string?[])[_owner._options.Language, _profile.Language, "en"])
            {
                if (language is null)
                {
                    continue;
                }

                if (byLanguage[language] is { } exact)
                {
                    return Templates.ToText(exact, false);
                }

                var primary = language.Split('-')[0];
                foreach (var (tag, value) in byLanguage)
                {
                    if (tag.Split('-')[0].Equals(primary, StringComparison.OrdinalIgnoreCase))
                    {
                        return Templates.ToText(value, false);
                    }
                }
            }

            return byLanguage.Count > 0 ? Templates.ToText(byLanguage.First().Value, false) : "";
        }

        private static string? ResultKey(JsonNode? value) => value switch
        {
            null => "null",
            JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False or JsonValueKind.Number or JsonValueKind.String =>
                Templates.ToText(v, false),
            _ => null,
        };

        /// <summary>Every expression of the run (statements and templates) is evaluated here, within the run's budget.</summary>
        private JsonNode? Evaluate(string expression, JsonNode? scope)
        {
            _cancellation.ThrowIfCancellationRequested();
            var limit = _owner._options.MaxEvaluationBytes;
            if (GC.GetAllocatedBytesForCurrentThread() - _allocatedAtStart > limit)
            {
                throw new JsonFormulaException(JsonFormulaErrorKind.EvaluationError,
                    $"Not evaluated: the profile's evaluation has allocated more than {limit / (1024 * 1024):N0} MiB (ProfileEvaluatorOptions.MaxEvaluationBytes)");
            }

            return Compile(expression).Evaluate(scope, _globals);
        }

        private CompiledFormula Compile(string expression)
        {
            if (!_compiled.TryGetValue(expression, out var formula))
            {
                try
                {
                    formula = _engine.Compile(expression);
                }
                catch (JsonFormulaException)
                {
                    _compiled[expression] = null;
                    throw;
                }

                _compiled[expression] = formula;
            }

            return formula ?? _engine.Compile(expression);
        }

        /// <summary>Data-block value processing (§5.4): render templates; a value that is one template is coerced to bool, number or JSON.</summary>
        private JsonNode? ProcessValue(JsonNode? value)
        {
            switch (value)
            {
                case JsonValue v when v.TryGetValue<string>(out var text) && Templates.HasTemplate(text):
                    var trimmed = text.Trim();
                    if (trimmed.StartsWith("{{", StringComparison.Ordinal) && trimmed.EndsWith("}}", StringComparison.Ordinal))
                    {
                        return Coerce(_templates.Render(trimmed, _context));
                    }

                    return JsonValue.Create(_templates.Render(text, _context));
                case JsonObject obj:
                    var result = new JsonObject();
                    foreach (var (k, child) in obj)
                    {
                        result[k] = ProcessValue(child);
                    }

                    return result;
                case JsonArray array:
                    var items = new JsonArray();
                    foreach (var child in array)
                    {
                        items.Add(ProcessValue(child));
                    }

                    return items;
                default:
                    return value?.DeepClone();
            }
        }

        private static JsonNode? Coerce(string text)
        {
            switch (text)
            {
                case "true":
                    return JsonValue.Create(true);
                case "false":
                    return JsonValue.Create(false);
            }

            if (NumberPattern().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
            {
                return number == Math.Floor(number) && Math.Abs(number) < 9e15 ? JsonValue.Create((long)number) : JsonValue.Create(number);
            }

            if (text.StartsWith('{') || text.StartsWith('['))
            {
                try
                {
                    return JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 1000 });
                }
                catch (JsonException)
                {
                    // not JSON after all: keep the text
                }
            }

            return JsonValue.Create(text);
        }
    }

    /// <summary>True when a registered expression reads its arguments as <c>$args</c> (asset-rubric style).</summary>
    internal static bool ContainsArgs(string body) => FindOutsideLiterals(body, "$args").Count > 0;

    /// <summary>Turns <c>$args</c> into <c>@</c>: a function registered with parameters sees its argument array as <c>@</c>.</summary>
    internal static string ReplaceArgs(string body)
    {
        var hits = FindOutsideLiterals(body, "$args");
        var text = new StringBuilder(body);
        for (var i = hits.Count - 1; i >= 0; i--)
        {
            text.Remove(hits[i], 5).Insert(hits[i], "@");
        }

        return text.ToString();
    }

    /// <summary>
    /// Rewrites a call of a profile function without arguments, <c>_f()</c>, to <c>_f(@)</c>, as the 2026 reference
    /// evaluator does for statement expressions, so the function sees the document rather than null. Templates are
    /// not rewritten (the reference evaluator's blocks test relies on <c>@</c> being null there).
    /// </summary>
    internal static string RewriteZeroArgumentCalls(string expression)
    {
        var output = new StringBuilder(expression.Length + 8);
        var i = 0;
        while (i < expression.Length)
        {
            var c = expression[i];
            if (c is '"' or '\'' or '`')
            {
                var end = SkipLiteral(expression, i);
                output.Append(expression, i, end - i);
                i = end;
                continue;
            }

            if (c == '_' && (i == 0 || !IsIdentifierChar(expression[i - 1])))
            {
                var j = i + 1;
                while (j < expression.Length && IsIdentifierChar(expression[j]))
                {
                    j++;
                }

                var k = j;
                while (k < expression.Length && char.IsWhiteSpace(expression[k]))
                {
                    k++;
                }

                if (k < expression.Length && expression[k] == '(')
                {
                    var m = k + 1;
                    while (m < expression.Length && char.IsWhiteSpace(expression[m]))
                    {
                        m++;
                    }

                    if (m < expression.Length && expression[m] == ')')
                    {
                        output.Append(expression, i, j - i).Append("(@)");
                        i = m + 1;
                        continue;
                    }
                }

                output.Append(expression, i, j - i);
                i = j;
                continue;
            }

            output.Append(c);
            i++;
        }

        return output.ToString();
    }

    private static List<int> FindOutsideLiterals(string text, string token)
    {
        var hits = new List<int>();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] is '"' or '\'' or '`')
            {
                i = SkipLiteral(text, i);
                continue;
            }

            if (string.CompareOrdinal(text, i, token, 0, token.Length) == 0 &&
                (i + token.Length >= text.Length || !IsIdentifierChar(text[i + token.Length])))
            {
                hits.Add(i);
                i += token.Length;
                continue;
            }

            i++;
        }

        return hits;
    }

    private static int SkipLiteral(string text, int start)
    {
        var quote = text[start];
        var i = start + 1;
        while (i < text.Length && text[i] != quote)
        {
            i += text[i] == '\\' ? 2 : 1;
        }

        return Math.Min(i + 1, text.Length);
    }

    private static bool IsIdentifierChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '$';

    [GeneratedRegex(@"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")]
    private static partial Regex NumberPattern();

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
    }
}
