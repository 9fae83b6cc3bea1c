using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace MediaTrust.Cli;

/// <summary>
/// Examples printed after each command's <c>--help</c> (docs/cli.md). Kept in one table, keyed by the command path, so that
/// a test can check every command in the tree has one and the command files keep only their options.
/// </summary>
internal static class HelpExamples
{
    private static readonly Dictionary<string, string[]> Examples = new(StringComparer.Ordinal)
    {
        ["mediatrust"] =
        [
            "mediatrust read samples/gradient-signed.jpg --trust-anchors samples/demo-keys/root.pem",
            "mediatrust verify photos/ --recursive --trust-anchors C2PA-TRUST-LIST.pem",
        ],
        ["mediatrust read"] =
        [
            "mediatrust read samples/gradient-signed.jpg --trust-anchors samples/demo-keys/root.pem",
            "mediatrust read photo.jpg --detailed --output extracted/",
        ],
        ["mediatrust verify"] =
        [
            "mediatrust verify samples/gradient-signed.jpg --trust-anchors samples/demo-keys/root.pem",
            "mediatrust verify photos/ --recursive --json-lines",
        ],
        ["mediatrust sign"] =
        [
            "cd samples && mediatrust sign gradient.jpg -m manifest.json -o signed.jpg --trust-anchors demo-keys/root.pem",
            "mediatrust sign photo.jpg -m manifest.json -o signed.jpg --soft-binding pdq,iscc --publish repo.db",
        ],
        ["mediatrust recover"] =
        [
            "mediatrust recover copy-from-social-media.jpg --repo repo.db",
            "mediatrust recover copy.jpg --repo repo.db --watermark com.adobe.trustmark.Q=8a3f01c2d4 --json",
            "mediatrust recover copy.jpg --repo https://provenance.example.org/softbinding/v1",
        ],
        ["mediatrust trust-list"] = ["mediatrust trust-list show", "mediatrust trust-list update", "mediatrust trust-list add newsroom newsroom-roots.pem"],
        ["mediatrust trust-list show"] = ["mediatrust trust-list show"],
        ["mediatrust trust-list update"] = ["mediatrust trust-list update", "mediatrust trust-list update --from https://mirror.example.com/c2pa/trust-list/"],
        ["mediatrust trust-list add"] =
        [
            "mediatrust trust-list add newsroom newsroom-roots.pem",
            "mediatrust trust-list add partners anchors.pem --allowed-list allowed.sha256 --trust-config store.cfg",
        ],
        ["mediatrust trust-list remove"] = ["mediatrust trust-list remove newsroom"],
        ["mediatrust cert"] = ["mediatrust cert init test-pki/", "mediatrust cert check test-pki/signer.pem"],
        ["mediatrust cert init"] = ["mediatrust cert init test-pki/"],
        ["mediatrust cert check"] = ["mediatrust cert check samples/demo-keys/signer.pem"],
        ["mediatrust formula"] =
        [
            "mediatrust formula 'sum([1, 2, 3])'",
            "echo '{\"name\": \"x\"}' | mediatrust formula '@.name' --data -",
        ],
        ["mediatrust indicators"] = ["mediatrust indicators samples/gradient-signed.jpg --trust-anchors samples/demo-keys/root.pem"],
        ["mediatrust trust"] =
        [
            "mediatrust trust samples/gradient-signed.jpg --profile profiles/ai-disclosure.yml --trust-anchors samples/demo-keys/root.pem",
        ],
        ["mediatrust evaluate"] = ["mediatrust evaluate --profile profiles/trusted-signer.yml --indicators indicators.json"],
        ["mediatrust serve"] = ["mediatrust serve --open", "mediatrust serve --port 8080 --trust-anchors samples/demo-keys/root.pem"],
        ["mediatrust completion"] =
        [
            "mediatrust completion bash > ~/.local/share/bash-completion/completions/mediatrust",
            "mediatrust completion zsh > \"${fpath[1]}/_mediatrust\"",
            "mediatrust completion fish > ~/.config/fish/completions/mediatrust.fish",
            "mediatrust completion powershell >> $PROFILE",
        ],
    };

    /// <summary>The path of a command as typed, e.g. <c>mediatrust cert init</c>.</summary>
    internal static string PathOf(Command command)
    {
        var names = new List<string>();
        for (Symbol? symbol = command; symbol is Command c; symbol = c.Parents.FirstOrDefault())
        {
            names.Insert(0, c is RootCommand ? "mediatrust" : c.Name);
        }

        return string.Join(' ', names);
    }

    /// <summary>The examples of a command; empty when it has none (a test requires one per command).</summary>
    internal static IReadOnlyList<string> For(Command command) => Examples.TryGetValue(PathOf(command), out var examples) ? examples : [];

    /// <summary>Makes the root's <c>--help</c> (which applies to every subcommand) print the examples after the usual help.</summary>
    internal static void Attach(RootCommand root)
    {
        foreach (var option in root.Options)
        {
            if (option is HelpOption { Action: HelpAction help } helpOption)
            {
                helpOption.Action = new WithExamples(help);
            }
        }
    }

    /// <summary>The built-in help, then an "Examples:" section.</summary>
    internal sealed class WithExamples(HelpAction inner) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            var code = inner.Invoke(parseResult);
            var examples = For(parseResult.CommandResult.Command);
            if (examples.Count > 0)
            {
                var output = parseResult.InvocationConfiguration.Output;
                output.WriteLine(examples.Count == 1 ? "Example:" : "Examples:");
                foreach (var example in examples)
                {
                    output.WriteLine($"  {example}");
                }

                output.WriteLine();
            }

            return code;
        }
    }
}
