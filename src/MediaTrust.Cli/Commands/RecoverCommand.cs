using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using MediaTrust.Repository;

namespace MediaTrust.Cli.Commands;

/// <summary>
/// <c>mediatrust recover FILE --repo DB|URL…</c>: finds the provenance of an image whose credentials were stripped, by its
/// soft bindings (spec 2.4 §18.10.5, docs/soft-bindings.md), and shows it as recovered provenance, distinct from embedded
/// credentials. Exit codes: 0 provenance recovered (soft bindings matched), 2 nothing found, 3 unreadable input, 64 usage.
/// </summary>
internal static class RecoverCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The image (JPEG, PNG, WebP, GIF, TIFF, BMP)." };
        var repos = new Option<string[]>("--repo")
        {
            Description = "A manifest repository to search: a SQLite file, or the https/http URL of a Soft Binding Resolution API " +
                "(e.g. https://host/softbinding/v1; a bearer token is read from MEDIATRUST_REPO_TOKEN). Repeatable.",
            Required = true,
        };
        var watermark = new Option<string[]>("--watermark")
        {
            Description = "A watermark payload decoded from FILE by another tool, as ALG=HEX; for TrustMark also ALG=BITS, the raw 100-bit payload " +
                "(decoded and corrected here), or ALG=SCHEMA*BITS (e.g. com.adobe.trustmark.Q=0110…). Repeatable.",
        };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };
        var trust = new TrustOptions();
        var command = new Command("recover", "Find the stripped credentials of an image in manifest repositories by its soft bindings (fingerprints, watermarks).")
        {
            file, repos, watermark, json,
        };
        trust.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var (watermarks, problem) = RecoveryOutput.ParseWatermarks(parse.GetValue(watermark) ?? []);
            if (problem is not null)
            {
                await error.WriteLineAsync($"error: {problem}");
                return ExitCodes.Usage;
            }

            try
            {
                var validation = trust.Build(parse);
                await using var repositories = await RecoveryOutput.OpenAsync(parse.GetValue(repos) ?? [], cancellationToken);
                var source = parse.GetValue(file)!;
                await using var asset = new FileStream(source.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.RandomAccess);
                var embedded = await HasEmbeddedCredentialsAsync(asset, cancellationToken);
                asset.Position = 0;
                var found = await ManifestRecovery.RecoverAsync(asset, repositories.List, new RecoveryOptions { Validation = validation, Watermarks = watermarks }, cancellationToken);
                if (parse.GetValue(json))
                {
                    await output.WriteLineAsync(Json(source.FullName, embedded, found, repositories.Names).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                }
                else
                {
                    await WriteTextAsync(output, source.Name, embedded, found, repositories.Names);
                }

                return found.Any(f => f.SoftBindingsMatched) ? ExitCodes.Ok : ExitCodes.NoManifest;
            }
            catch (RecoveryOutput.MissingRepositoryException e)
            {
                await error.WriteLineAsync($"error: {e.Message}");
                return ExitCodes.Usage;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or MalformedContentException or UnknownFormatException
                or RepositoryRejectedException or InvalidOperationException or Microsoft.Data.Sqlite.SqliteException or HttpRequestException)
            {
                await error.WriteLineAsync($"error: {e.Message}");
                return ExitCodes.Error;
            }
        });
        return command;
    }

    private static async Task<bool> HasEmbeddedCredentialsAsync(Stream asset, CancellationToken cancellationToken)
    {
        try
        {
            return (await Reader.ReadAsync(asset, ReaderOptions.StoreOnly, cancellationToken)).ActiveManifestLabel is not null;
        }
        catch (Exception e) when (e is NoManifestException or MalformedContentException or UnknownFormatException)
        {
            return false;
        }
    }

    private static async Task WriteTextAsync(TextWriter output, string name, bool embedded, IReadOnlyList<RecoveredManifest> found, List<string> repos)
    {
        await output.WriteLineAsync(embedded
            ? $"{name} carries embedded content credentials (see mediatrust verify); the search below is independent of them."
            : $"{name} carries no content credentials.");
        var accepted = found.Where(f => f.SoftBindingsMatched).ToList();
        if (accepted.Count == 0)
        {
            await output.WriteLineAsync(found.Count == 0
                ? "No provenance was recovered: no manifest in the repositories has soft bindings close to this image."
                : $"No provenance was recovered: {found.Count} candidate(s) were found, but not all of their soft bindings match this image (C2PA 2.4 §18.10.5.1).");
            return;
        }

        await output.WriteLineAsync("RECOVERED PROVENANCE — found by the image's soft bindings in a manifest repository, not embedded in this file:");
        await output.WriteAsync(RecoveryOutput.Describe(accepted, repos, "  "));
    }

    private static JsonObject Json(string path, bool embedded, IReadOnlyList<RecoveredManifest> found, List<string> repos) => new()
    {
        ["file"] = path,
        ["embedded_credentials"] = embedded,
        ["recovered"] = new JsonArray([.. found.Select(m => (JsonNode)RecoveryOutput.Json(m, repos, camelCase: false, withStore: true))]),
    };
}
