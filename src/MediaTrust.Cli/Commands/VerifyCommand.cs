using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using MediaTrust.Repository;
using MediaTrust.Validation;
using Spectre.Console;

namespace MediaTrust.Cli.Commands;

/// <summary>
/// <c>mediatrust verify FILE|DIR… [--recursive] [--json-lines] [--manifest X.c2pa]</c>: a verdict per
/// file, with the axes (integrity, signature, signer trust, time-stamp, revocation) kept apart, files
/// validated in parallel. Exit code: the worst outcome wins — 3 error &gt; 1 invalid &gt; 2 no manifest
/// &gt; 4 valid but untrusted &gt; 0 trusted; 64 usage error.
/// </summary>
internal static partial class VerifyCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("PATH") { Description = "Files or folders to verify.", Arity = ArgumentArity.OneOrMore };
        var recursive = new Option<bool>("--recursive", "-r") { Description = "Descend into sub-folders of the folders given." };
        var jsonLines = new Option<bool>("--json-lines") { Description = "Print one JSON object per file (for machines) instead of readable verdicts." };
        var manifest = new Option<FileInfo?>("--manifest") { Description = "Validate every file against this manifest store (.c2pa), e.g. one downloaded from a remote URL." };
        var parallel = new Option<int>("--parallel") { Description = "How many files to validate at once.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var fragments = new Option<string?>("--fragments") { Description = "The PATH is a fragmented MP4 init segment: validate it with the fragment files this glob matches (in its folder unless the glob names one)." };
        var fetchRemote = new Option<bool>("--fetch-remote") { Description = "Download a remote manifest store a file references (XMP dcterms:provenance) when it embeds none (http/https, 32 MiB, 15 s)." };
        var recover = new Option<bool>("--recover")
        {
            Description = "For each file without content credentials, search the --repo repositories for its provenance by its soft bindings (as mediatrust recover does).",
        };
        var repos = new Option<string[]>("--repo")
        {
            Description = "With --recover: a manifest repository to search, a SQLite file or the https/http URL of a Soft Binding Resolution API " +
                "(a bearer token is read from MEDIATRUST_REPO_TOKEN). Repeatable.",
        };
        var trust = new TrustOptions();
        var command = new Command("verify", "Validate the content credentials of files and folders and print a verdict per file.")
        {
            paths,
            recursive,
            jsonLines,
            manifest,
            parallel,
            fragments,
            fetchRemote,
            recover,
            repos,
        };
        trust.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var stderr = parse.InvocationConfiguration.Error;
            ValidationOptions validation;
            try
            {
                validation = trust.Build(parse);
            }
            catch (ArgumentException e)
            {
                await stderr.WriteLineAsync($"error: {e.Message}");
                return ExitCodes.Usage;
            }

            var fragmentsGlob = parse.GetValue(fragments);
            if (fragmentsGlob is not null && (parse.GetValue(paths)!.Length != 1 || parse.GetValue(manifest) is not null))
            {
                await stderr.WriteLineAsync("error: --fragments takes exactly one PATH, the init segment, and cannot be combined with --manifest");
                return ExitCodes.Usage;
            }

            var repoValues = parse.GetValue(repos) ?? [];
            if (parse.GetValue(recover) != repoValues.Length > 0)
            {
                await stderr.WriteLineAsync("error: --recover needs at least one --repo, and --repo is used only with --recover");
                return ExitCodes.Usage;
            }

            var options = new ReaderOptions
            {
                Validation = validation,
                RemoteFetch = parse.GetValue(fetchRemote) ? new Formats.Remote.RemoteFetchOptions { AllowNetwork = true } : null,
            };
            RecoveryOutput.Repositories? repositories = null;
            try
            {
                if (repoValues.Length > 0)
                {
                    repositories = await RecoveryOutput.OpenAsync(repoValues, cancellationToken);
                }
            }
            catch (RecoveryOutput.MissingRepositoryException e)
            {
                await stderr.WriteLineAsync($"error: {e.Message}");
                return ExitCodes.Usage;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or Microsoft.Data.Sqlite.SqliteException)
            {
                await stderr.WriteLineAsync($"error: {e.Message}");
                return ExitCodes.Error;
            }

            await using (repositories)
            {
                var settings = new Settings(parse.GetValue(recursive), parse.GetValue(jsonLines), parse.GetValue(manifest), Math.Max(1, parse.GetValue(parallel)),
                    options, fragmentsGlob, repositories);
                var stdout = parse.InvocationConfiguration.Output;
                var interactive = ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected && !settings.JsonLines;
                return await RunAsync(parse.GetValue(paths)!, settings, stdout, stderr, interactive, cancellationToken);
            }
        });
        return command;
    }

    /// <summary>How the files are verified; <paramref name="Recovery"/>: the repositories <c>--recover</c> searches, or null.</summary>
    internal sealed record Settings(bool Recursive, bool JsonLines, FileInfo? Manifest, int Parallelism, ReaderOptions Options, string? FragmentsGlob = null,
        RecoveryOutput.Repositories? Recovery = null);

    /// <summary>The verdict on one file (the wording is the library's, shared with the web verifier), and what <c>--recover</c> found for it.</summary>
    internal sealed record FileVerdict(string Path, Verdict Verdict, FileRecovery? Recovery = null)
    {
        public VerdictOutcome Outcome => Verdict.Outcome;
    }

    /// <summary>
    /// The search for the provenance of a file without credentials: the accepted manifests (§18.10.5.1), how many
    /// candidates were looked at, or why there was no search (e.g. the file is not an image).
    /// </summary>
    internal sealed record FileRecovery(IReadOnlyList<RecoveredManifest> Accepted, int Candidates, string? NotSearched = null);

    internal static async Task<int> RunAsync(IReadOnlyList<string> paths, Settings settings, TextWriter stdout, TextWriter stderr, bool interactive,
        CancellationToken cancellationToken)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                files.Add(path);
            }
            else if (Directory.Exists(path))
            {
                // Sidecars are read with the asset beside them, not on their own.
                files.AddRange(Directory.EnumerateFiles(path, "*", settings.Recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly)
                    .Where(f => !f.EndsWith(".c2pa", StringComparison.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal));
            }
            else
            {
                await stderr.WriteLineAsync($"error: {path} does not exist");
                return ExitCodes.Usage;
            }
        }

        byte[]? store = null;
        if (settings.Manifest is { } manifest)
        {
            if (!manifest.Exists)
            {
                await stderr.WriteLineAsync($"error: {manifest.FullName} does not exist");
                return ExitCodes.Usage;
            }

            store = await File.ReadAllBytesAsync(manifest.FullName, cancellationToken);
        }

        var verdicts = new FileVerdict[files.Count];
        var gate = new Lock();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = settings.Parallelism, CancellationToken = cancellationToken };
        async Task VerifyAllAsync(Action? advance)
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, files.Count), parallel, async (i, token) =>
            {
                var verdict = await VerifyAsync(files[i], store, settings.Options, settings.FragmentsGlob, token);
                if (settings.Recovery is { } repositories && verdict.Outcome == VerdictOutcome.NoManifest)
                {
                    verdict = verdict with { Recovery = await RecoverAsync(files[i], repositories, settings.Options.Validation ?? ValidationOptions.Default, token) };
                }

                verdicts[i] = verdict;
                lock (gate)
                {
                    advance?.Invoke();
                    if (!interactive)
                    {
                        // Streamed as files complete, so a long run shows its progress in a pipe too.
                        stdout.Write(settings.JsonLines ? ToJsonLine(verdict, settings.Recovery?.Names) + "\n" : Describe(verdict, settings.Recovery?.Names));
                    }
                }
            });
        }

        if (interactive && files.Count > 1)
        {
            await AnsiConsole.Progress().AutoClear(true).StartAsync(async context =>
            {
                var task = context.AddTask("verifying", maxValue: files.Count);
                await VerifyAllAsync(() => task.Increment(1));
            });
        }
        else
        {
            await VerifyAllAsync(null);
        }

        if (interactive)
        {
            foreach (var verdict in verdicts)
            {
                stdout.Write(Describe(verdict, settings.Recovery?.Names));
            }
        }

        if (!settings.JsonLines && files.Count > 1)
        {
            WriteSummary(verdicts, stdout);
        }

        if (!settings.JsonLines && settings.Recovery is not null)
        {
            stdout.Write($"provenance recovered for {verdicts.Count(v => v.Recovery?.Accepted.Count > 0)} of {verdicts.Count(v => v.Outcome == VerdictOutcome.NoManifest)} file(s) without content credentials\n");
        }

        return verdicts.Length == 0 ? ExitCodes.Ok : verdicts.Select(v => ExitCodeOf(v.Outcome)).MaxBy(Severity);
    }

    /// <summary>The exit code of one outcome.</summary>
    internal static int ExitCodeOf(VerdictOutcome outcome) => outcome switch
    {
        VerdictOutcome.Trusted => ExitCodes.Ok,
        VerdictOutcome.Valid => ExitCodes.ValidUntrusted,
        VerdictOutcome.Invalid => ExitCodes.Invalid,
        VerdictOutcome.NoManifest => ExitCodes.NoManifest,
        _ => ExitCodes.Error,
    };

    /// <summary>Worst wins: error &gt; invalid &gt; no manifest &gt; valid-untrusted &gt; trusted.</summary>
    private static int Severity(int exitCode) => exitCode switch
    {
        ExitCodes.Error => 4,
        ExitCodes.Invalid => 3,
        ExitCodes.NoManifest => 2,
        ExitCodes.ValidUntrusted => 1,
        _ => 0,
    };

    private static async Task<FileVerdict> VerifyAsync(string path, byte[]? store, ReaderOptions options, string? fragmentsGlob,
        CancellationToken cancellationToken)
    {
        try
        {
            Reader reader;
            if (fragmentsGlob is not null)
            {
                reader = await Reader.ReadFragmentFilesAsync(path, fragmentsGlob, options, cancellationToken);
            }
            else if (store is null)
            {
                reader = await Reader.ReadFileAsync(path, options, cancellationToken);
            }
            else
            {
                await using var asset = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.RandomAccess);
                reader = await Reader.ReadWithManifestAsync(asset, store, options, ManifestSource.Sidecar, cancellationToken);
            }

            return new FileVerdict(path, Verdict.Of(reader.Validation!));
        }
        catch (Exception e) when (Verdict.Of(e) is { } verdict)
        {
            return new FileVerdict(path, verdict);
        }
    }

    /// <summary>
    /// <c>recover</c>'s search for one file without credentials (docs/soft-bindings.md, "Recovering stripped
    /// credentials"); a file that is not an image, or too large, is not searched and says why.
    /// </summary>
    private static async Task<FileRecovery> RecoverAsync(string path, RecoveryOutput.Repositories repositories, ValidationOptions validation, CancellationToken cancellationToken)
    {
        try
        {
            await using var asset = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.RandomAccess);
            var found = await ManifestRecovery.RecoverAsync(asset, repositories.List, new RecoveryOptions { Validation = validation }, cancellationToken);
            return new FileRecovery([.. found.Where(f => f.SoftBindingsMatched)], found.Count);
        }
        catch (UnknownFormatException)
        {
            return new FileRecovery([], 0, "not an image");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or MalformedContentException or RepositoryRejectedException
            or InvalidOperationException or Microsoft.Data.Sqlite.SqliteException or HttpRequestException)
        {
            return new FileRecovery([], 0, e.Message);
        }
    }

    /// <summary>
    /// One JSON object: path, state, source, axes, signer, failures, engine, validation time (<see cref="Verdict.ToJson"/>),
    /// and with <c>--recover</c>, <c>recovery</c> for a file without credentials.
    /// </summary>
    internal static string ToJsonLine(FileVerdict verdict, IReadOnlyList<string>? repositoryNames = null)
    {
        var json = verdict.Verdict.ToJson(verdict.Path);
        if (verdict.Recovery is { } recovery && repositoryNames is not null)
        {
            json["recovery"] = recovery.NotSearched is { } reason
                ? new JsonObject { ["notSearched"] = reason }
                : new JsonObject
                {
                    ["candidates"] = recovery.Candidates,
                    ["recovered"] = new JsonArray([.. recovery.Accepted.Select(m => (JsonNode)RecoveryOutput.Json(m, repositoryNames, camelCase: true, withStore: false))]),
                };
        }

        return json.ToJsonString(JsonOptions);
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
