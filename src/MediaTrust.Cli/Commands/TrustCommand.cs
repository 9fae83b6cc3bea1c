using System.CommandLine;

namespace MediaTrust.Cli.Commands;

/// <summary>
/// <c>mediatrust trust FILE --profile P.yml [--format json|yaml|html|text] [--lang CODE] [trust options]</c>: builds
/// the asset's Trust Indicator Set and evaluates the profile over it in one step (exit codes as <c>evaluate</c>).
/// </summary>
internal static class TrustCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The asset; the format is found from its content." };
        var profile = EvaluateCommand.ProfileOption();
        var format = EvaluateCommand.FormatOption();
        var lang = EvaluateCommand.LangOption();
        var trust = new TrustOptions();
        var command = new Command("trust", "Evaluate a JPEG Trust Profile over an asset and print the Trust Report.") { file, profile, format, lang };
        trust.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (code, indicators) = await IndicatorsCommand.BuildAsync(parse.GetValue(file)!, trust, parse, cancellationToken);
            if (indicators is null)
            {
                return code;
            }

            // --at pins the validation time; the profile's now() is pinned to the same instant so the report is reproducible.
            var validation = trust.Build(parse);
            return await EvaluateCommand.EvaluateAndPrintAsync(parse.GetValue(profile)!, indicators, validation.ValidationTime, parse.GetValue(format), parse.GetValue(lang), parse);
        });
        return command;
    }
}
