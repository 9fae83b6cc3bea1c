using System.Text.Json.Nodes;

namespace MediaTrust.JsonFormula;

/// <summary>
/// A host-supplied function (spec § Integrations, "Additional Functions"). Arguments arrive already evaluated,
/// as JSON nodes the function may keep; the result is a JSON node (or null).
/// </summary>
/// <param name="Name">The name used in expressions; must not be a built-in name.</param>
/// <param name="MinArguments">The fewest arguments accepted.</param>
/// <param name="MaxArguments">The most arguments accepted, or -1 for no limit.</param>
/// <param name="Invoke">The implementation: evaluated arguments and the current node (<c>@</c>) in, result out.</param>
public sealed record JsonFormulaFunction(
    string Name,
    int MinArguments,
    int MaxArguments,
    Func<IReadOnlyList<JsonNode?>, JsonNode?, JsonNode?> Invoke);
