using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using MediaTrust.TrustProfiles.Indicators;

namespace MediaTrust.Cli.Commands;

/// <summary><c>mediatrust indicators FILE [trust options]</c>: prints the asset's JPEG Trust Indicator Set as JSON.</summary>
internal static class IndicatorsCommand
{
    internal static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The asset; the format is found from its content." };
        var trust = new TrustOptions();
        var command = new Command("indicators", "Print an asset's JPEG Trust Indicator Set (ISO/IEC 21617): manifests, status, content, metadata.") { file };
        trust.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (code, indicators) = await BuildAsync(parse.GetValue(file)!, trust, parse, cancellationToken);
            if (indicators is not null)
            {
                await parse.InvocationConfiguration.Output.WriteLineAsync(indicators.ToJsonString(Json));
            }

            return code;
        });
        return command;
    }

    /// <summary>Builds the indicator set with the command line's trust options; prints errors itself.</summary>
    internal static async Task<(int Code, JsonObject? Indicators)> BuildAsync(FileInfo file, TrustOptions trust, ParseResult parse, CancellationToken cancellationToken)
    {
        var stderr = parse.InvocationConfiguration.Error;
        if (!file.Exists)
        {
            await stderr.WriteLineAsync($"error: {file.FullName} does not exist");
            return (ExitCodes.Usage, null);
        }

        ReaderOptions options;
        try
        {
            options = new ReaderOptions { Validation = trust.Build(parse) };
        }
        catch (ArgumentException e)
        {
            await stderr.WriteLineAsync($"error: {e.Message}");
            return (ExitCodes.Usage, null);
        }

        try
        {
            return (ExitCodes.Ok, await TrustIndicatorSet.FromFileAsync(file.FullName, options, cancellationToken));
        }
        catch (NotSupportedException e)
        {
            await stderr.WriteLineAsync($"{file.Name}: {e.Message}");
            return (ExitCodes.Error, null);
        }
        catch (IOException e)
        {
            await stderr.WriteLineAsync($"{file.Name}: {e.Message}");
            return (ExitCodes.Error, null);
        }
    }
}
