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
            Description = "A watermark payload decoded from FILE by another tool, as ALG=HEX (e.g. com.adobe.trustmark.Q=a1b2…). Repeatable.",
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
            var watermarks = new List<StoredBinding>();
            foreach (var text in parse.GetValue(watermark) ?? [])
            {
                var at = text.IndexOf('=', StringComparison.Ordinal);
                byte[]? value = null;
                try
                {
                    value = at > 0 ? Convert.FromHexString(text[(at + 1)..]) : null;
                }
                catch (FormatException)
                {
                }

                if (value is not { Length: > 0 })
                {
                    await error.WriteLineAsync($"error: --watermark '{text}' is not ALG=HEX");
                    return ExitCodes.Usage;
                }

                watermarks.Add(new StoredBinding(text[..at], value));
            }

            var repositories = new List<IManifestRepository>();
            try
            {
                var validation = trust.Build(parse);
                var repoNames = new List<string>();
                foreach (var repo in parse.GetValue(repos) ?? [])
                {
                    if (Uri.TryCreate(repo, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp))
                    {
                        // A remote repository: queried through its Resolution API (docs/soft-bindings.md, "Client").
                        repositories.Add(new SoftBindingResolutionClient(url, Environment.GetEnvironmentVariable("MEDIATRUST_REPO_TOKEN")));
                        repoNames.Add(url.ToString());
                        continue;
                    }

                    var path = new FileInfo(repo);
                    if (!path.Exists)
                    {
                        await error.WriteLineAsync($"error: the repository {path.FullName} does not exist");
                        return ExitCodes.Usage;
                    }

                    repositories.Add(await SqliteManifestRepository.OpenAsync(path.FullName, cancellationToken: cancellationToken));
                    repoNames.Add(path.FullName);
                }

                var source = parse.GetValue(file)!;
                await using var asset = new FileStream(source.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.RandomAccess);
                var embedded = await HasEmbeddedCredentialsAsync(asset, cancellationToken);
                asset.Position = 0;
                var found = await ManifestRecovery.RecoverAsync(asset, repositories, new RecoveryOptions { Validation = validation, Watermarks = watermarks }, cancellationToken);
                if (parse.GetValue(json))
                {
                    await output.WriteLineAsync(Json(source.FullName, embedded, found, repoNames).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                }
                else
                {
                    await WriteTextAsync(output, source.Name, embedded, found, repoNames);
                }

                return found.Any(f => f.SoftBindingsMatched) ? ExitCodes.Ok : ExitCodes.NoManifest;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or MalformedContentException or UnknownFormatException
                or RepositoryRejectedException or InvalidOperationException or Microsoft.Data.Sqlite.SqliteException or HttpRequestException)
            {
                await error.WriteLineAsync($"error: {e.Message}");
                return ExitCodes.Error;
            }
            finally
            {
                foreach (var repository in repositories)
                {
                    await repository.DisposeAsync();
                }
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
        var n = 0;
        foreach (var m in accepted)
        {
            var active = m.Reader.ActiveManifest;
            var report = m.Reader.Validation!;
            await output.WriteLineAsync($"  {++n}. {m.ManifestId}  similarity {m.Match.SimilarityScore}/100  ({repos[m.RepositoryIndex]})");
            await output.WriteLineAsync($"     Title: {active?.Title ?? "(none)"}; signed by {report.Signer?.Organization ?? report.Signer?.CommonName ?? "(unknown)"}"
                + (report.Signer?.SigningTime is { } time ? $" on {time:yyyy-MM-dd HH:mm} UTC" : ""));
            await output.WriteLineAsync($"     Soft bindings: {string.Join(", ", m.Bindings.Select(Describe))}");
            // An untrusted signer is a matter of the trust list in use, not of the credentials' integrity (§14.3).
            var failures = m.OtherFailures.Where(f => f.Code != Spec.ValidationStatusCodes.SigningCredentialUntrusted).ToList();
            await output.WriteLineAsync(failures.Count == 0
                ? $"     The credentials themselves are intact: signature {(report.Axes.SignerTrust == Validation.SignerTrustStatus.Trusted ? "valid and trusted" : "valid (the signer is not on the trust list in use)")}."
                : $"     The credentials themselves do not validate: {string.Join("; ", failures.Select(f => f.ToString()))}");
            if (m.HardBindingMismatch)
            {
                await output.WriteLineAsync("     Its hard binding describes the original file's bytes, which this copy does not have (re-encoded, resized or");
                await output.WriteLineAsync("     edited): that is expected for a recovered manifest and is not a sign of tampering.");
            }
        }
    }

    private static string Describe(BindingCheck check) => check.Matched switch
    {
        true => check.Distance is > 0 ? $"{check.Algorithm} matches ({check.Distance} bits apart)" : $"{check.Algorithm} matches",
        false => $"{check.Algorithm} does not match" + (check.Distance is { } d ? $" ({d} bits apart)" : ""),
        null => $"{check.Algorithm} not checked (no value for it from this image)",
    };

    private static JsonObject Json(string path, bool embedded, IReadOnlyList<RecoveredManifest> found, List<string> repos) => new()
    {
        ["file"] = path,
        ["embedded_credentials"] = embedded,
        ["recovered"] = new JsonArray([.. found.Select(m => (JsonNode)new JsonObject
        {
            ["manifest_id"] = m.ManifestId,
            ["repository"] = repos[m.RepositoryIndex],
            ["similarity_score"] = m.Match.SimilarityScore,
            ["matched_by"] = new JsonObject { ["alg"] = m.Match.Algorithm, ["distance"] = m.Match.Distance },
            ["soft_bindings_matched"] = m.SoftBindingsMatched,
            ["soft_bindings"] = new JsonArray([.. m.Bindings.Select(b => (JsonNode)new JsonObject { ["alg"] = b.Algorithm, ["matched"] = b.Matched, ["distance"] = b.Distance })]),
            ["hard_binding_matches_this_file"] = !m.HardBindingMismatch,
            ["credential_failures"] = new JsonArray([.. m.OtherFailures.Select(f => (JsonNode)new JsonObject { ["code"] = f.Code, ["url"] = f.Url, ["explanation"] = f.Explanation })]),
            ["title"] = m.Reader.ActiveManifest?.Title,
            ["signer"] = m.Reader.Validation?.Signer?.Organization ?? m.Reader.Validation?.Signer?.CommonName,
            ["manifest_store"] = JsonNode.Parse(m.Reader.ToJson()),
        })]),
    };
}
