using System.CommandLine;
using MediaTrust.IO;

namespace MediaTrust.Cli.Commands;

/// <summary>
/// <c>mediatrust read FILE [--detailed] [--output DIR]</c>: prints the manifest store as c2pa-rs's Reader
/// JSON. Reading computes no verdict, so no validation keys are printed.
/// Exit codes: 0 store printed, 2 no manifest, 3 malformed or unreadable input, 64 usage error.
/// </summary>
internal static class ReadCommand
{
    public const int Success = ExitCodes.Ok;
    public const int NoManifest = ExitCodes.NoManifest;
    public const int Malformed = ExitCodes.Error;
    public const int Usage = ExitCodes.Usage;

    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The asset (JPEG, PNG, .c2pa sidecar, …); the format is found from its content." };
        var detailed = new Option<bool>("--detailed", "-d") { Description = "Print the decoded claim, assertion store and signature of every manifest." };
        var output = new Option<DirectoryInfo?>("--output", "-o") { Description = "Also write the JSON and every resource (thumbnails, icons) to this folder." };
        var command = new Command("read", "Print an asset's C2PA manifest store as JSON (no validation verdict).")
        {
            file,
            detailed,
            output,
        };
        command.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(detailed), parse.GetValue(output), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    internal static int Run(FileInfo file, bool detailed, DirectoryInfo? output, TextWriter stdout, TextWriter stderr)
    {
        if (!file.Exists)
        {
            stderr.WriteLine($"error: {file.FullName} does not exist");
            return Usage;
        }

        try
        {
            var reader = Reader.FromFile(file.FullName);
            var json = detailed ? reader.ToDetailedJson() : reader.ToJson();
            stdout.WriteLine(json);
            if (output is not null)
            {
                Directory.CreateDirectory(output.FullName);
                File.WriteAllText(Path.Combine(output.FullName, detailed ? "detailed.json" : "manifest_store.json"), json);
                var resources = reader.WriteResources(Path.Combine(output.FullName, "resources"));
                stderr.WriteLine($"wrote {resources.Count + 1} file(s) to {output.FullName}");
            }

            return Success;
        }
        catch (NoManifestException e)
        {
            stderr.WriteLine($"{file.Name}: {e.Message}");
            return NoManifest;
        }
        catch (MalformedContentException e)
        {
            stderr.WriteLine($"{file.Name}: malformed: {e.Message} [{e.StatusCode}]");
            return Malformed;
        }
        catch (NotSupportedException e)
        {
            stderr.WriteLine($"{file.Name}: {e.Message}");
            return Malformed;
        }
        catch (IOException e)
        {
            stderr.WriteLine($"{file.Name}: cannot read: {e.Message}");
            return Malformed;
        }
        catch (UnauthorizedAccessException e)
        {
            stderr.WriteLine($"{file.Name}: cannot read: {e.Message}");
            return Malformed;
        }
    }
}
