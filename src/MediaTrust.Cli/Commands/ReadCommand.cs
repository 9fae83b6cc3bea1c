using System.CommandLine;

namespace MediaTrust.Cli.Commands;

/// <summary>
/// <c>mediatrust read FILE [--detailed] [--output DIR] [--fragments GLOB] [--fetch-remote]</c>: prints the manifest store as c2pa-rs's Reader
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
        var crJson = new Option<bool>("--crjson") { Description = "Print C2PA's crJSON view (manifests array, active first, with per-manifest validationResults), as c2pa-rs's Reader::crjson()." };
        var output = new Option<DirectoryInfo?>("--output", "-o") { Description = "Also write the JSON and every resource (thumbnails, icons) to this folder." };
        var noValidate = new Option<bool>("--no-validate") { Description = "Print the store without validating it (no validation_results, no validation_state)." };
        var manifest = new Option<FileInfo?>("--manifest") { Description = "Validate the asset against this manifest store (.c2pa) instead of an embedded one; no network is used." };
        var fragments = new Option<string?>("--fragments") { Description = "FILE is a fragmented MP4 init segment: validate it with these fragment files (a file-name glob, e.g. 'seg*.m4s', in FILE's folder)." };
        var fetchRemote = new Option<bool>("--fetch-remote") { Description = "When FILE has no embedded store but references a remote one (XMP dcterms:provenance), download it (http/https, 32 MiB, 15 s)." };
        var trust = new TrustOptions();
        var command = new Command("read", "Print an asset's C2PA manifest store and its validation as JSON (the shape of c2patool's output).")
        {
            file,
            detailed,
            crJson,
            output,
            noValidate,
            manifest,
            fragments,
            fetchRemote,
        };
        trust.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var stderr = parse.InvocationConfiguration.Error;
            ReaderOptions options;
            try
            {
                options = new ReaderOptions
                {
                    Validation = parse.GetValue(noValidate) ? null : trust.Build(parse),
                    RemoteFetch = parse.GetValue(fetchRemote) ? new Formats.Remote.RemoteFetchOptions { AllowNetwork = true } : null,
                };
            }
            catch (ArgumentException e)
            {
                await stderr.WriteLineAsync($"error: {e.Message}");
                return Usage;
            }

            if (parse.GetValue(manifest) is not null && parse.GetValue(fragments) is not null)
            {
                await stderr.WriteLineAsync("error: --manifest and --fragments cannot be combined");
                return Usage;
            }

            var view = parse.GetValue(crJson) ? ReadView.CrJson : parse.GetValue(detailed) ? ReadView.Detailed : ReadView.Reader;
            return await RunAsync(parse.GetValue(file)!, view, parse.GetValue(output), parse.GetValue(manifest), options,
                parse.InvocationConfiguration.Output, stderr, cancellationToken, parse.GetValue(fragments));
        });
        return command;
    }

    internal static async Task<int> RunAsync(FileInfo file, ReadView view, DirectoryInfo? output, FileInfo? manifest, ReaderOptions options,
        TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken, string? fragmentsGlob = null)
    {
        if (!file.Exists)
        {
            stderr.WriteLine($"error: {file.FullName} does not exist");
            return Usage;
        }

        try
        {
            Reader reader;
            if (fragmentsGlob is not null)
            {
                reader = await Reader.ReadFragmentFilesAsync(file.FullName, fragmentsGlob, options, cancellationToken);
            }
            else if (manifest is null)
            {
                reader = await Reader.ReadFileAsync(file.FullName, options, cancellationToken);
            }
            else
            {
                await using var asset = file.OpenRead();
                reader = await Reader.ReadWithManifestAsync(asset, await File.ReadAllBytesAsync(manifest.FullName, cancellationToken), options,
                    Validation.ManifestSource.Sidecar, cancellationToken);
            }

            var json = view switch
            {
                ReadView.Detailed => reader.ToDetailedJson(),
                ReadView.CrJson => reader.ToCrJson(),
                _ => reader.ToJson(),
            };
            stdout.WriteLine(json);
            if (output is not null)
            {
                Directory.CreateDirectory(output.FullName);
                File.WriteAllText(Path.Combine(output.FullName, view switch { ReadView.Detailed => "detailed.json", ReadView.CrJson => "crjson.json", _ => "manifest_store.json" }), json);
                var resources = WriteResources(reader, Path.Combine(output.FullName, "resources"));
                stderr.WriteLine($"wrote {resources + 1} file(s) to {output.FullName}");
            }

            return Success;
        }
        catch (NoManifestException e)
        {
            stderr.WriteLine(e.StatusCode is null ? $"{file.Name}: {e.Message}" : $"{file.Name}: {e.Message} [{e.StatusCode}]");
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
        catch (FileNotFoundException e) when (fragmentsGlob is not null)
        {
            stderr.WriteLine($"error: {e.Message}");
            return Usage;
        }
        catch (ArgumentException e) when (fragmentsGlob is not null)
        {
            stderr.WriteLine($"error: {e.Message}");
            return Usage;
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

    /// <summary>Writes every resource under <paramref name="directory"/>, one folder per manifest; returns how many files were written.</summary>
    internal static int WriteResources(Reader reader, string directory)
    {
        var resources = reader.GetResources();
        foreach (var resource in resources)
        {
            var folder = Path.Combine(directory, SafeName(resource.ManifestLabel));
            Directory.CreateDirectory(folder);
            File.WriteAllBytes(Path.Combine(folder, SafeName(resource.AssertionLabel) + Extension(resource.MediaType, resource.AssertionLabel)), resource.Data.Span);
        }

        return resources.Count;
    }

    /// <summary>A file name for a label: characters that are not portable in file names become '_'.</summary>
    internal static string SafeName(string label)
    {
        var chars = label.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (!(char.IsAsciiLetterOrDigit(chars[i]) || chars[i] is '.' or '-' or '_'))
            {
                chars[i] = '_';
            }
        }

        return new string(chars);
    }

    private static string Extension(string? mediaType, string label)
    {
        if (Path.HasExtension(label) && label.LastIndexOf('.') > label.Length - 6)
        {
            var ext = Path.GetExtension(label);
            if (ext is ".jpg" or ".jpeg" or ".png" or ".svg" or ".webp" or ".gif")
            {
                return string.Empty;
            }
        }

        return mediaType switch
        {
            "image/jpeg" => ".jpg",
            "image/png" => ".png",
            "image/svg+xml" => ".svg",
            "image/webp" => ".webp",
            "image/gif" => ".gif",
            "image/avif" => ".avif",
            "image/heic" => ".heic",
            _ => ".bin",
        };
    }
}

/// <summary>Which JSON view <c>read</c> prints.</summary>
internal enum ReadView
{
    /// <summary>c2pa-rs Reader JSON.</summary>
    Reader,

    /// <summary>c2pa-rs detailed JSON.</summary>
    Detailed,

    /// <summary>C2PA crJSON.</summary>
    CrJson,
}
