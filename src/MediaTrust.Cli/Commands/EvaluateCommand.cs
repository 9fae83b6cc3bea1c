using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MediaTrust.TrustProfiles;

namespace MediaTrust.Cli.Commands;

/// <summary>
/// <c>mediatrust evaluate --profile P.yml --indicators I.json [--now TIME] [--format …] [--lang CODE]</c>: evaluates a
/// Trust Profile over any indicator document (a Trust Indicator Set, crJSON, …). Exit code 0 when the report was
/// written and the profile's compliance statement is true or absent, 1 when it is false, 3 on a profile error.
/// </summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var profile = ProfileOption();
        var indicators = new Option<FileInfo>("--indicators", "-i") { Description = "The indicator document (JSON), or - for standard input.", Required = true };
        var now = new Option<string?>("--now") { Description = "Evaluate as of this time (ISO 8601): what now() returns, for reproducible reports." };
        var format = FormatOption();
        var lang = LangOption();
        var command = new Command("evaluate", "Evaluate a JPEG Trust Profile over an indicator document and print the Trust Report.")
        {
            profile, indicators, now, format, lang,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var stderr = parse.InvocationConfiguration.Error;
            DateTimeOffset? pinned = null;
            if (parse.GetValue(now) is { } text)
            {
                if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                {
                    await stderr.WriteLineAsync($"error: --now: '{text}' is not a date and time (use ISO 8601)");
                    return ExitCodes.Usage;
                }

                pinned = parsed;
            }

            var file = parse.GetValue(indicators)!;
            JsonNode? document;
            try
            {
                var json = file.Name == "-" ? await Console.In.ReadToEndAsync(cancellationToken) : await File.ReadAllTextAsync(file.FullName, cancellationToken);
                document = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 1000 });
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
            {
                await stderr.WriteLineAsync($"error: {file.Name}: {e.Message}");
                return ExitCodes.Usage;
            }

            return await EvaluateAndPrintAsync(parse.GetValue(profile)!, document, pinned, parse.GetValue(format), parse.GetValue(lang), parse);
        });
        return command;
    }

    internal static Option<FileInfo> ProfileOption() => new("--profile", "-p") { Description = "The Trust Profile (YAML).", Required = true };

    internal static Option<string> FormatOption()
    {
        var option = new Option<string>("--format", "-f") { Description = "Report format: json, yaml, text or html.", DefaultValueFactory = _ => "json" };
        option.AcceptOnlyFromAmong("json", "yaml", "text", "html");
        return option;
    }

    internal static Option<string?> LangOption() => new("--lang") { Description = "Language of the report texts (BCP 47); default: the profile's language, then en." };

    internal static async Task<int> EvaluateAndPrintAsync(FileInfo profileFile, JsonNode? indicators, DateTimeOffset? now, string? format, string? language, ParseResult parse)
    {
        TrustProfile profile;
        try
        {
            profile = TrustProfile.Load(profileFile.FullName);
        }
        catch (ProfileException e)
        {
            await parse.InvocationConfiguration.Error.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.Error;
        }

        var report = new ProfileEvaluator(new ProfileEvaluatorOptions { Now = now, Language = language }).Evaluate(profile, indicators);
        var output = format switch
        {
            "yaml" => report.ToYaml(),
            "text" => report.ToText(),
            "html" => report.ToHtml(),
            _ => report.ToJson(),
        };
        await parse.InvocationConfiguration.Output.WriteLineAsync(output);
        return report.Compliance == false ? ExitCodes.Invalid : ExitCodes.Ok;
    }
}
