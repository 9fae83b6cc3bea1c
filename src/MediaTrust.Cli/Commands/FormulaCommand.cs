using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using MediaTrust.JsonFormula;

namespace MediaTrust.Cli.Commands;

/// <summary><c>mediatrust formula EXPRESSION [--data FILE|-] [--global NAME=JSON]…</c>: evaluates a json-formula expression.</summary>
internal static class FormulaCommand
{
    private static readonly JsonDocumentOptions DataOptions = new() { MaxDepth = 1000 };

    public static Command Create()
    {
        var expression = new Argument<string>("expression") { Description = "The json-formula expression." };
        var data = new Option<string?>("--data") { Description = "JSON input file, or - for standard input (default: null)." };
        var globals = new Option<string[]>("--global") { Description = "A global as NAME=JSON (NAME starts with $); repeatable.", AllowMultipleArgumentsPerToken = false };
        var command = new Command("formula", "Evaluate a json-formula expression against JSON data and print the result.") { expression, data, globals };
        command.SetAction(parse => Run(
            parse.GetValue(expression)!,
            parse.GetValue(data),
            parse.GetValue(globals) ?? [],
            Console.In,
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error));
        return command;
    }

    /// <summary>Evaluates and prints; returns the exit code (0 success, 1 error).</summary>
    internal static int Run(string expression, string? dataPath, IReadOnlyList<string> globalSpecs, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        JsonNode? data;
        var globals = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        try
        {
            data = dataPath switch
            {
                null => null,
                "-" => JsonNode.Parse(stdin.ReadToEnd(), documentOptions: DataOptions),
                _ => JsonNode.Parse(File.ReadAllText(dataPath), documentOptions: DataOptions),
            };
            foreach (var spec in globalSpecs)
            {
                var eq = spec.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0) throw new ArgumentException($"--global expects NAME=JSON, got \"{spec}\"");
                var name = spec[..eq];
                if (!name.StartsWith('$')) name = "$" + name;
                globals[name] = JsonNode.Parse(spec[(eq + 1)..], documentOptions: DataOptions);
            }
        }
        catch (Exception ex) when (ex is JsonException or IOException or ArgumentException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"InputError: {ex.Message}");
            return 1;
        }

        try
        {
            var result = new JsonFormulaEngine().Compile(expression).Evaluate(data, globals);
            stdout.WriteLine(result?.ToJsonString(PrettyJson) ?? "null");
            return 0;
        }
        catch (JsonFormulaException ex)
        {
            stderr.WriteLine($"{ex.Kind}: {ex.Message}");
            return 1;
        }
    }

    private static readonly JsonSerializerOptions PrettyJson = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
