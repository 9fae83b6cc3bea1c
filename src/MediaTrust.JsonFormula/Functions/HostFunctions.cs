using System.Text.Json.Nodes;
using MediaTrust.JsonFormula.Runtime;

namespace MediaTrust.JsonFormula.Functions;

/// <summary>Adapts host functions, which speak JSON nodes, to the evaluator.</summary>
internal static class HostFunctions
{
    public static FunctionDef Wrap(JsonFormulaFunction f)
    {
        ArgumentException.ThrowIfNullOrEmpty(f.Name);
        var sig = new List<Param>();
        for (var i = 0; i < f.MinArguments; i++) sig.Add(new Param([JfType.Any]));
        if (f.MaxArguments < 0)
        {
            sig.Add(new Param([JfType.Any], Optional: true, Variadic: true));
        }
        else
        {
            for (var i = f.MinArguments; i < f.MaxArguments; i++) sig.Add(new Param([JfType.Any], Optional: true));
        }
        return new FunctionDef(f.Name, [.. sig], (args, current, _) =>
        {
            var nodes = new JsonNode?[args.Length];
            for (var i = 0; i < args.Length; i++) nodes[i] = args[i] is ExpressionReference ? null : Values.ToNode(args[i]);
            return Values.FromNodeDeep(f.Invoke(nodes, Values.ToNode(current)));
        });
    }
}
