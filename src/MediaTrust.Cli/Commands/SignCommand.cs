using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using MediaTrust.Cose;
using MediaTrust.Pki;
using MediaTrust.Signing;
using MediaTrust.Spec;

namespace MediaTrust.Cli.Commands;

/// <summary>
/// <c>mediatrust sign FILE -m manifest.json -o OUT</c>: attach content credentials. The manifest
/// definition is c2patool's JSON; like c2patool, it may name the key (<c>private_key</c>), the
/// certificate chain (<c>sign_cert</c>) and the algorithm (<c>alg</c>), relative to its own folder.
/// </summary>
internal static class SignCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "The asset to sign." };
        var manifest = new Option<FileInfo>("--manifest", "-m") { Description = "Manifest definition (c2patool JSON).", Required = true };
        var output = new Option<FileInfo>("--output", "-o") { Description = "Where to write the signed asset (may be FILE itself).", Required = true };
        var key = new Option<FileInfo?>("--key") { Description = "PEM private key (PKCS#8); overrides the definition's private_key." };
        var cert = new Option<FileInfo?>("--cert") { Description = "PEM certificate chain, signer first, no root; overrides the definition's sign_cert." };
        var algorithm = new Option<string?>("--alg") { Description = "es256, es384, es512, ps256, ps384, ps512 or ed25519; by default, from the key." };
        var sidecar = new Option<bool>("--sidecar", "-s") { Description = "Leave the asset unchanged and write the manifest store beside OUT as OUT.c2pa." };
        var force = new Option<bool>("--force", "-f") { Description = "Overwrite OUT if it exists." };
        var parent = new Option<FileInfo?>("--parent", "-p") { Description = "The asset this one was made from (a parentOf ingredient): its credentials are validated and carried over." };
        var ingredient = new Option<FileInfo[]>("--ingredient") { Description = "A componentOf ingredient (an asset placed into this one). Repeatable." };
        var input = new Option<FileInfo[]>("--input") { Description = "An inputTo ingredient (e.g. a prompt or a model file). Repeatable." };
        var remote = new Option<string?>("--remote", "-r") { Description = "Store the manifest at this URL: OUT gets an XMP reference to it and the store is written beside OUT as OUT.c2pa, for publishing." };
        var noThumbnail = new Option<bool>("--no-thumbnail") { Description = "Do not generate claim and ingredient thumbnails." };
        var tsa = new Option<string?>("--tsa") { Description = "RFC 3161 time-stamp authority URL; the signature gets a v2 time-stamp (sigTst2)." };
        var stampIngredients = new Option<bool>("--time-stamp-ingredients")
        {
            Description = "With --tsa: also time-stamp the manifests of ingredients (with --update, FILE's previous manifest) signed without a time-stamp, in a c2pa.time-stamp assertion, so they stay valid after their signer's certificate expires.",
        };
        var ocsp = new Option<bool>("--ocsp")
        {
            Description = "Staple the signer certificate's OCSP response (asked online of the responder its AIA names) in the signature; refused when revoked or unknown.",
        };
        var ocspIngredients = new Option<bool>("--ocsp-ingredients")
        {
            Description = "Ask online for the OCSP status of the signers of ingredient manifests (with --update, FILE's previous manifest) that stapled none, and add it in a c2pa.certificate-status assertion.",
        };
        var softBinding = new Option<string[]>("--soft-binding")
        {
            Description = "Add soft bindings computed from the image's pixels (spec 2.4 §18.10), so a stripped or re-encoded copy can find its credentials again: pdq, iscc or both (iscc,pdq; recommended, docs/soft-bindings.md).",
            AllowMultipleArgumentsPerToken = false,
        };
        var publish = new Option<FileInfo?>("--publish")
        {
            Description = "Also store the signed manifest store and its soft bindings in this manifest repository (a SQLite file, created when missing), for mediatrust recover.",
        };
        var identityKey = new Option<FileInfo?>("--identity-key")
        {
            Description = "PEM private key (PKCS#8) of a person or organisation who signs a CAWG identity assertion (cawg.x509.cose) vouching for the content; needs --identity-cert.",
        };
        var identityCert = new Option<FileInfo?>("--identity-cert") { Description = "PEM certificate chain of the --identity-key holder, signer first, no root." };
        var role = new Option<string[]>("--role") { Description = "The identity's role, e.g. cawg.creator, cawg.editor, cawg.publisher. Repeatable." };
        var noVerify = new Option<bool>("--no-verify") { Description = "Do not read back and validate the output." };
        var update = new Option<bool>("--update", "-u") { Description = "Add an update manifest to FILE's embedded store (metadata-only changes: no content binding, no thumbnail; its parent is FILE's active manifest)." };
        var trust = new TrustOptions();
        var command = new Command("sign", "Sign a manifest into an asset (embedded, a .c2pa sidecar, or a remote store).")
        {
            file, manifest, output, key, cert, algorithm, update, sidecar, remote, parent, ingredient, input, noThumbnail, softBinding, identityKey, identityCert, role, publish, tsa, stampIngredients, ocsp, ocspIngredients, noVerify, force,
        };
        trust.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var source = parse.GetValue(file)!;
            var destination = parse.GetValue(output)!;
            var definitionFile = parse.GetValue(manifest)!;
            var sameFile = string.Equals(source.FullName, destination.FullName, StringComparison.Ordinal);
            if (destination.Exists && !sameFile && !parse.GetValue(force))
            {
                await error.WriteLineAsync($"error: {destination.FullName} exists; use --force to overwrite it");
                return ExitCodes.Error;
            }

            // System.CommandLine has no Uri parser: take the URLs as text and check them here.
            Uri? remoteUrl = null, tsaUrl = null;
            foreach (var (name, value, set) in new (string, string?, Action<Uri>)[]
                { ("--remote", parse.GetValue(remote), u => remoteUrl = u), ("--tsa", parse.GetValue(tsa), u => tsaUrl = u) })
            {
                if (value is null)
                {
                    continue;
                }

                if (!Uri.TryCreate(value, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
                {
                    await error.WriteLineAsync($"error: {name} needs an absolute http or https URL, not '{value}'");
                    return ExitCodes.Usage;
                }

                set(url);
            }

            if ((parse.GetValue(identityKey) is null) != (parse.GetValue(identityCert) is null)
                || (parse.GetValue(role) is { Length: > 0 } && parse.GetValue(identityKey) is null))
            {
                await error.WriteLineAsync("error: an identity needs both --identity-key and --identity-cert (and --role only with them)");
                return ExitCodes.Usage;
            }

            if (parse.GetValue(stampIngredients) && tsaUrl is null)
            {
                await error.WriteLineAsync("error: --time-stamp-ingredients needs a time-stamp authority: add --tsa URL");
                return ExitCodes.Usage;
            }

            try
            {
                var json = await File.ReadAllTextAsync(definitionFile.FullName, cancellationToken);
                var definition = ManifestDefinition.FromJson(json);
                var baseDirectory = definitionFile.DirectoryName!;
                var signerFields = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
                string? FromDefinition(string name) => signerFields?[name]?.GetValue<string>() is { } relative
                    ? Path.Combine(baseDirectory, relative) : null;
                var keyPath = parse.GetValue(key)?.FullName ?? FromDefinition("private_key");
                var certPath = parse.GetValue(cert)?.FullName ?? FromDefinition("sign_cert");
                if (keyPath is null || certPath is null)
                {
                    await error.WriteLineAsync("error: no signing key: pass --key and --cert (or private_key and sign_cert in the manifest definition)");
                    return ExitCodes.Usage;
                }

                SigningAlgorithm? alg = null;
                var algName = parse.GetValue(algorithm) ?? signerFields?["alg"]?.GetValue<string>();
                if (algName is not null)
                {
                    if (!CertCommand.TryParseAlgorithm(algName, out var parsed))
                    {
                        await error.WriteLineAsync($"error: unknown algorithm '{algName}'");
                        return ExitCodes.Usage;
                    }

                    alg = parsed;
                }

                using var signer = PemClaimSigner.FromFiles(keyPath, certPath, alg);
                using var identitySigner = parse.GetValue(identityKey) is { } identityKeyFile
                    ? PemClaimSigner.FromFiles(identityKeyFile.FullName, parse.GetValue(identityCert)!.FullName) : null;
                var validation = trust.Build(parse);
                var goesOnline = tsaUrl is not null || parse.GetValue(ocsp) || parse.GetValue(ocspIngredients);
                using var http = goesOnline ? new HttpClient { Timeout = TimeSpan.FromSeconds(30) } : null;
                if (parse.GetValue(ocsp) && HttpOcspClient.ResponderUri(signer.CertificateChain[0]) is null)
                {
                    await error.WriteLineAsync("error: --ocsp: the signer's certificate names no OCSP responder (no Authority Information Access OCSP URL)");
                    return ExitCodes.Usage;
                }

                var ingredients = new List<IngredientFile>();
                if (parse.GetValue(parent) is { } parentFile)
                {
                    ingredients.Add(new IngredientFile { Path = parentFile.FullName, Relationship = IngredientFile.ParentOf });
                }

                ingredients.AddRange((parse.GetValue(ingredient) ?? []).Select(f => new IngredientFile { Path = f.FullName, Relationship = IngredientFile.ComponentOf }));
                ingredients.AddRange((parse.GetValue(input) ?? []).Select(f => new IngredientFile { Path = f.FullName, Relationship = IngredientFile.InputTo }));
                var builder = new ManifestBuilder(definition, baseDirectory)
                {
                    GenerateThumbnails = !parse.GetValue(noThumbnail),
                    TimeStampProvider = tsaUrl is null ? null : new HttpTimeStampProvider(tsaUrl, http!),
                    TimeStampIngredients = parse.GetValue(stampIngredients),
                    OcspClient = http is null ? null : new HttpOcspClient(http),
                    StapleOcsp = parse.GetValue(ocsp),
                    CertificateStatusIngredients = parse.GetValue(ocspIngredients),
                    Ingredients = ingredients,
                    IngredientReaderOptions = new ReaderOptions { Validation = validation },
                    Identities = identitySigner is null ? [] : [new IdentitySigner(identitySigner) { Roles = parse.GetValue(role) ?? [] }],
                    SoftBindings = [.. (parse.GetValue(softBinding) ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
                };
                string? storePath = null;
                if (parse.GetValue(update))
                {
                    if (remoteUrl is not null || parse.GetValue(sidecar) || ingredients.Count > 0 || builder.SoftBindings.Count > 0)
                    {
                        await error.WriteLineAsync("error: --update writes into FILE's embedded store; it cannot be combined with --remote, --sidecar, --soft-binding (an update carries no content binding) or ingredients (its one ingredient is FILE's active manifest)");
                        return ExitCodes.Usage;
                    }

                    var label = await builder.UpdateFileAsync(source.FullName, destination.FullName, signer, cancellationToken);
                    await parse.InvocationConfiguration.Output.WriteLineAsync($"Updated {source.Name} into {destination.FullName} (update manifest {label})");
                }
                else if (remoteUrl is not null)
                {
                    storePath = Path.ChangeExtension(destination.FullName, ".c2pa");
                    await builder.SignRemoteFileAsync(source.FullName, destination.FullName, storePath, remoteUrl, signer, cancellationToken);
                    await parse.InvocationConfiguration.Output.WriteLineAsync($"Signed {source.Name}: {destination.FullName} references {remoteUrl}; publish {storePath} there");
                }
                else if (parse.GetValue(sidecar))
                {
                    var sidecarPath = storePath = Path.ChangeExtension(destination.FullName, ".c2pa");
                    await builder.SignSidecarFileAsync(source.FullName, sidecarPath, signer, cancellationToken);
                    if (!sameFile)
                    {
                        File.Copy(source.FullName, destination.FullName, overwrite: true);
                    }

                    await parse.InvocationConfiguration.Output.WriteLineAsync($"Signed {source.Name}: manifest store written to {sidecarPath}");
                }
                else
                {
                    var label = await builder.SignFileAsync(source.FullName, destination.FullName, signer, cancellationToken);
                    await parse.InvocationConfiguration.Output.WriteLineAsync($"Signed {source.Name} into {destination.FullName} (manifest {label})");
                }

                var verified = parse.GetValue(noVerify) ? ExitCodes.Ok : await VerifyAsync(parse, destination.FullName, storePath, validation, cancellationToken);
                if (verified == ExitCodes.Ok && parse.GetValue(publish) is { } repositoryFile)
                {
                    await PublishAsync(parse, destination.FullName, storePath, validation, repositoryFile, cancellationToken);
                }

                return verified;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                await error.WriteLineAsync($"error: the time-stamp authority did not answer: {e.Message}");
                return ExitCodes.Error;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or CryptographicException
                or NotSupportedException or ArgumentException or MalformedContentException or NoManifestException or InvalidOperationException
                or Repository.RepositoryRejectedException or Microsoft.Data.Sqlite.SqliteException)
            {
                await error.WriteLineAsync($"error: {e.Message}");
                return ExitCodes.Error;
            }
        });
        return command;
    }

    /// <summary>Stores the signed store and its soft bindings in the repository at <paramref name="repositoryFile"/> (spec 2.4 §18.10.5).</summary>
    private static async Task PublishAsync(ParseResult parse, string path, string? storePath, Validation.ValidationOptions validation, FileInfo repositoryFile,
        CancellationToken cancellationToken)
    {
        byte[] store;
        if (storePath is not null)
        {
            store = await File.ReadAllBytesAsync(storePath, cancellationToken);
        }
        else
        {
            await using var asset = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.RandomAccess);
            store = (await Reader.ReadAsync(asset, ReaderOptions.StoreOnly, cancellationToken)).ManifestStoreBytes.ToArray();
        }

        await using var repository = await Repository.SqliteManifestRepository.OpenAsync(repositoryFile.FullName,
            new Repository.RepositoryOptions { Validation = validation }, cancellationToken);
        var stored = await repository.StoreAsync(store, cancellationToken);
        await parse.InvocationConfiguration.Output.WriteLineAsync(
            $"Published {stored.ManifestId} to {repositoryFile.FullName} with {stored.Bindings.Count} soft binding(s){(stored.Bindings.Count == 0 ? " (add --soft-binding pdq,iscc to make it findable)" : "")}");
    }

    /// <summary>
    /// Reads the output back and validates it, as a validator would: the signing fails (exit 1)
    /// when the result is invalid for any reason but trust, since trust depends on the reader's
    /// anchors; an untrusted signer is reported as a warning.
    /// </summary>
    private static async Task<int> VerifyAsync(ParseResult parse, string path, string? storePath, Validation.ValidationOptions validation, CancellationToken cancellationToken)
    {
        var options = new ReaderOptions { Validation = validation };
        Reader reader;
        await using (var asset = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.RandomAccess))
        {
            reader = storePath is null
                ? await Reader.ReadAsync(asset, options, cancellationToken)
                : await Reader.ReadWithManifestAsync(asset, await File.ReadAllBytesAsync(storePath, cancellationToken), options, cancellationToken: cancellationToken);
        }

        var report = reader.Validation!;
        var failures = report.Failures.Where(f => !IsTrustOnly(f.Code)).ToList();
        if (failures.Count > 0)
        {
            await parse.InvocationConfiguration.Error.WriteLineAsync(
                $"error: the signed output does not validate: {string.Join("; ", failures.Select(f => f.ToString()))}");
            return ExitCodes.Invalid;
        }

        var note = report.State == Validation.ValidationState.Trusted ? "valid and trusted" : "valid, but the signer is not trusted (by none of the anchors given, or none were given: pass --trust-anchors to check trust)";
        await parse.InvocationConfiguration.Output.WriteLineAsync($"Verified: {note}");
        return ExitCodes.Ok;
    }

    private static bool IsTrustOnly(string code) =>
        code is ValidationStatusCodes.SigningCredentialUntrusted or ValidationStatusCodes.TimeStampUntrusted
            or ValidationStatusCodes.CawgX509CredentialUntrusted; // the identity's anchors are the reader's to configure (--identity-anchors)
}
