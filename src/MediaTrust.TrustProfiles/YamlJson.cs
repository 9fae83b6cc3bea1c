using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MediaTrust.TrustProfiles;

/// <summary>
/// Reads a YAML stream into JSON nodes with the YAML 1.2 core schema for plain scalars (null, booleans, integers,
/// floats); quoted and block scalars stay strings, as do timestamps. Bounded: aliases are expanded, so the number
/// of produced nodes and the nesting depth are capped (a "billion laughs" document is an error, not an allocation).
/// </summary>
internal static partial class YamlJson
{
    public const int MaxNodes = 1_000_000;
    public const int MaxDepth = 128;

    public static List<JsonNode?> ReadDocuments(string text, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new ProfileException($"{source}: invalid YAML at line {e.Start.Line}, column {e.Start.Column}: {e.Message}", e);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet's scanner and node loader throw these instead of a YamlException on some malformed input
            // (found by fuzzing, e.g. ":\n :", docs/robustness.md): it is invalid YAML all the same.
            throw new ProfileException($"{source}: invalid YAML: {e.Message}", e);
        }

        var budget = MaxNodes;
        var documents = new List<JsonNode?>(stream.Documents.Count);
        foreach (var document in stream.Documents)
        {
            documents.Add(Convert(document.RootNode, 0, ref budget, source));
        }

        return documents;
    }

    private static JsonNode? Convert(YamlNode node, int depth, ref int budget, string source)
    {
        if (--budget < 0)
        {
            throw new ProfileException($"{source}: the YAML expands to more than {MaxNodes} nodes (line {node.Start.Line})");
        }

        if (depth > MaxDepth)
        {
            throw new ProfileException($"{source}: the YAML nests deeper than {MaxDepth} levels (line {node.Start.Line})");
        }

        switch (node)
        {
            case YamlScalarNode scalar:
                return Scalar(scalar);
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                foreach (var child in sequence.Children)
                {
                    array.Add(Convert(child, depth + 1, ref budget, source));
                }

                return array;
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (key, value) in mapping.Children)
                {
                    var name = key is YamlScalarNode k ? k.Value ?? "" : throw new ProfileException($"{source}: only scalar mapping keys are supported (line {key.Start.Line})");
                    obj[name] = Convert(value, depth + 1, ref budget, source);
                }

                return obj;
            default:
                throw new ProfileException($"{source}: unsupported YAML node at line {node.Start.Line}");
        }
    }

    private static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain || (!scalar.Tag.IsNonSpecific && !scalar.Tag.IsEmpty && scalar.Tag.Value == "tag:yaml.org,2002:str"))
        {
            return JsonValue.Create(value);
        }

        switch (value)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "-.inf" or ".nan" or ".NaN":
                return JsonValue.Create(value); // JSON has no infinities; keep the text
        }

        if (IntegerPattern().IsMatch(value) && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (value.StartsWith("0x", StringComparison.Ordinal) && long.TryParse(value.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
        {
            return JsonValue.Create(hex);
        }

        if (FloatPattern().IsMatch(value) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && double.IsFinite(real))
        {
            return JsonValue.Create(real);
        }

        return JsonValue.Create(value);
    }

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
