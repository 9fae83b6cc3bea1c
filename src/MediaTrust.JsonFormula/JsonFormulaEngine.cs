using MediaTrust.JsonFormula.Functions;
using MediaTrust.JsonFormula.Runtime;
using MediaTrust.JsonFormula.Syntax;

namespace MediaTrust.JsonFormula;

/// <summary>
/// Compiles json-formula (2.0.0-beta.1) expressions. An engine holds the host settings and functions; it and the
/// formulas it compiles are immutable and safe to use from many threads.
/// </summary>
/// <example>
/// <code>
/// var engine = new JsonFormulaEngine();
/// var formula = engine.Compile("contains(deepScan(manifests, \"code\"), \"assertion.dataHash.match\")");
/// JsonNode? result = formula.Evaluate(JsonNode.Parse(json));
/// </code>
/// </example>
public sealed class JsonFormulaEngine
{
    private readonly Dictionary<string, FunctionDef> _hostFunctions = new(StringComparer.Ordinal);

    /// <summary>Creates an engine with default options (en-US, UTC).</summary>
    public JsonFormulaEngine() : this(new JsonFormulaOptions()) { }

    /// <summary>Creates an engine with the given host options.</summary>
    public JsonFormulaEngine(JsonFormulaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        foreach (var f in options.Functions)
        {
            if (Builtins.Table.ContainsKey(f.Name) || _hostFunctions.ContainsKey(f.Name))
            {
                throw new ArgumentException($"Function \"{f.Name}\" is already defined", nameof(options));
            }
            _hostFunctions[f.Name] = HostFunctions.Wrap(f);
        }
        foreach (var (name, (body, withParams)) in options.FormulaFunctions)
        {
            var node = Parser.Parse(body, options.MaxExpressionDepth, Builtins.Table);
            var reference = new ExpressionReference(node, body.Trim());
            _hostFunctions[name] = Builtins.MakeRegistered(name, reference, withParams);
        }
    }

    /// <summary>The host settings.</summary>
    public JsonFormulaOptions Options { get; }

    /// <summary>Parses an expression once for repeated evaluation.</summary>
    /// <exception cref="JsonFormulaException">A <see cref="JsonFormulaErrorKind.SyntaxError"/> with the position of the problem.</exception>
    public CompiledFormula Compile(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        return new CompiledFormula(this, expression, Parser.Parse(expression, Options.MaxExpressionDepth, Builtins.Table));
    }

    /// <summary>Compiles and evaluates in one step.</summary>
    public System.Text.Json.Nodes.JsonNode? Evaluate(string expression, System.Text.Json.Nodes.JsonNode? data, IReadOnlyDictionary<string, System.Text.Json.Nodes.JsonNode?>? globals = null) =>
        Compile(expression).Evaluate(data, globals);

    internal FunctionDef? LookupFunction(string name) =>
        Builtins.Table.TryGetValue(name, out var def) ? def : _hostFunctions.GetValueOrDefault(name);
}
