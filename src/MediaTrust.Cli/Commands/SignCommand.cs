using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using MediaTrust.IO;
using MediaTrust.Pki;
using MediaTrust.Signing;

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
        var command = new Command("sign", "Sign a manifest into an asset (embedded, or as a .c2pa sidecar).")
        {
            file, manifest, output, key, cert, algorithm, sidecar, force,
        };
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
                var builder = new ManifestBuilder(definition, baseDirectory);
                if (parse.GetValue(sidecar))
                {
                    var sidecarPath = Path.ChangeExtension(destination.FullName, ".c2pa");
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

                return ExitCodes.Ok;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or CryptographicException
                or NotSupportedException or ArgumentException or MalformedContentException or InvalidOperationException)
            {
                await error.WriteLineAsync($"error: {e.Message}");
                return ExitCodes.Error;
            }
        });
        return command;
    }
}
