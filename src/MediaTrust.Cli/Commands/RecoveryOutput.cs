using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using MediaTrust.Repository;
using MediaTrust.SoftBinding;

namespace MediaTrust.Cli.Commands;

/// <summary>
/// What <c>recover</c> and <c>verify --recover</c> share: opening the <c>--repo</c> repositories, reading
/// <c>--watermark</c> values, and describing recovered provenance (docs/cli.md, "recover").
/// </summary>
internal static class RecoveryOutput
{
    /// <summary>A <c>--repo</c> SQLite file that does not exist: a usage error.</summary>
    internal sealed class MissingRepositoryException(string message) : Exception(message);

    /// <summary>The repositories opened from <c>--repo</c> values, with the names shown for them.</summary>
    internal sealed class Repositories : IAsyncDisposable
    {
        public List<IManifestRepository> List { get; } = [];

        public List<string> Names { get; } = [];

        public async ValueTask DisposeAsync()
        {
            foreach (var repository in List)
            {
                await repository.DisposeAsync();
            }
        }
    }

    /// <summary>Opens each repository: an http(s) URL is a Soft Binding Resolution API, anything else an existing SQLite file.</summary>
    /// <exception cref="MissingRepositoryException">A SQLite repository does not exist (a usage error: recovery never creates one).</exception>
    public static async Task<Repositories> OpenAsync(IEnumerable<string> repos, CancellationToken cancellationToken)
    {
        var opened = new Repositories();
        try
        {
            foreach (var repo in repos)
            {
                if (Uri.TryCreate(repo, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp))
                {
                    // A remote repository: queried through its Resolution API (docs/soft-bindings.md, "Client").
                    opened.List.Add(new SoftBindingResolutionClient(url, Environment.GetEnvironmentVariable("MEDIATRUST_REPO_TOKEN")));
                    opened.Names.Add(url.ToString());
                    continue;
                }

                var path = new FileInfo(repo);
                if (!path.Exists)
                {
                    throw new MissingRepositoryException($"the repository {path.FullName} does not exist");
                }

                opened.List.Add(await SqliteManifestRepository.OpenAsync(path.FullName, cancellationToken: cancellationToken));
                opened.Names.Add(path.FullName);
            }

            return opened;
        }
        catch
        {
            await opened.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Reads <c>--watermark ALG=VALUE</c> values: VALUE is hexadecimal; for a TrustMark algorithm
    /// (<c>com.adobe.trustmark.*</c>) it may also be the raw 100-bit payload (100 binary digits), decoded here, or the
    /// decoded form <c>SCHEMA*BITS</c> (docs/soft-bindings.md, "TrustMark payloads").
    /// </summary>
    /// <returns>The values, or the message of the first that cannot be read.</returns>
    public static (List<StoredBinding> Values, string? Error) ParseWatermarks(IEnumerable<string> texts)
    {
        var values = new List<StoredBinding>();
        foreach (var text in texts)
        {
            var at = text.IndexOf('=', StringComparison.Ordinal);
            if (at <= 0)
            {
                return (values, $"--watermark '{text}' is not ALG=VALUE");
            }

            var (alg, value) = (text[..at], text[(at + 1)..]);
            if (alg.StartsWith(TrustMarkPayload.AlgorithmPrefix, StringComparison.Ordinal) && TrustMark(value) is { } trustMark)
            {
                if (trustMark.Error is { } problem)
                {
                    return (values, $"--watermark '{text}': {problem}");
                }

                values.Add(new StoredBinding(alg, trustMark.Value!));
                continue;
            }

            byte[]? bytes = null;
            try
            {
                bytes = Convert.FromHexString(value);
            }
            catch (FormatException)
            {
            }

            if (bytes is not { Length: > 0 })
            {
                return (values, $"--watermark '{text}' is not ALG=HEX");
            }

            values.Add(new StoredBinding(alg, bytes));
        }

        return (values, null);
    }

    /// <summary>A TrustMark value in one of its text forms, or null when it is neither (then it is read as hexadecimal).</summary>
    private static (byte[]? Value, string? Error)? TrustMark(string value)
    {
        if (value.Length == TrustMarkPayload.PayloadBits && value.All(c => c is '0' or '1'))
        {
            var payload = TrustMarkPayload.Decode(value);
            return payload.Corrected
                ? (payload.BindingValue, null)
                : (null, $"the TrustMark payload ({payload.Schema}) has more bit errors than its BCH code corrects ({TrustMarkPayload.CorrectableErrors(payload.Schema)})");
        }

        var star = value.IndexOf('*', StringComparison.Ordinal);
        return star == 1 && value[0] is >= '0' and <= '3' && value.Length > 2 && value[2..].All(c => c is '0' or '1')
            ? (Encoding.ASCII.GetBytes(value), null)
            : null;
    }

    /// <summary>The accepted manifests in words, each line starting with <paramref name="indent"/>.</summary>
    public static string Describe(IReadOnlyList<RecoveredManifest> accepted, IReadOnlyList<string> repos, string indent)
    {
        var text = new StringBuilder();
        var n = 0;
        foreach (var m in accepted)
        {
            var active = m.Reader.ActiveManifest;
            var report = m.Reader.Validation!;
            text.Append(CultureInfo.InvariantCulture, $"{indent}{++n}. {m.ManifestId}  similarity {m.Match.SimilarityScore}/100  ({repos[m.RepositoryIndex]})\n");
            var signedOn = report.Signer?.SigningTime is { } time ? string.Create(CultureInfo.InvariantCulture, $" on {time:yyyy-MM-dd HH:mm} UTC") : "";
            text.Append(CultureInfo.InvariantCulture, $"{indent}   Title: {active?.Title ?? "(none)"}; signed by {report.Signer?.Organization ?? report.Signer?.CommonName ?? "(unknown)"}{signedOn}\n");
            text.Append(CultureInfo.InvariantCulture, $"{indent}   Soft bindings: {string.Join(", ", m.Bindings.Select(Describe))}\n");

            // An untrusted signer is a matter of the trust list in use, not of the credentials' integrity (§14.3).
            var failures = m.OtherFailures.Where(f => f.Code != Spec.ValidationStatusCodes.SigningCredentialUntrusted).ToList();
            text.Append(indent).Append(failures.Count == 0
                ? $"   The credentials themselves are intact: signature {(report.Axes.SignerTrust == Validation.SignerTrustStatus.Trusted ? "valid and trusted" : "valid (the signer is not on the trust list in use)")}.\n"
                : $"   The credentials themselves do not validate: {string.Join("; ", failures.Select(f => f.ToString()))}\n");
            if (m.HardBindingMismatch)
            {
                text.Append(indent).Append("   Its hard binding describes the original file's bytes, which this copy does not have (re-encoded, resized or\n");
                text.Append(indent).Append("   edited): that is expected for a recovered manifest and is not a sign of tampering.\n");
            }
        }

        return text.ToString();
    }

    private static string Describe(BindingCheck check) => check.Matched switch
    {
        true => check.Distance is > 0 ? $"{check.Algorithm} matches ({check.Distance} bits apart)" : $"{check.Algorithm} matches",
        false => $"{check.Algorithm} does not match" + (check.Distance is { } d ? $" ({d} bits apart)" : ""),
        null => $"{check.Algorithm} not checked (no value for it from this image)",
    };

    /// <summary>One recovered manifest as JSON, with snake_case (recover --json, c2pa-rs style) or camelCase keys (verify --json-lines).</summary>
    public static JsonObject Json(RecoveredManifest m, IReadOnlyList<string> repos, bool camelCase, bool withStore)
    {
        string Key(string snake) => camelCase ? CamelCase(snake) : snake;
        var json = new JsonObject
        {
            [Key("manifest_id")] = m.ManifestId,
            [Key("repository")] = repos[m.RepositoryIndex],
            [Key("similarity_score")] = m.Match.SimilarityScore,
            [Key("matched_by")] = new JsonObject { ["alg"] = m.Match.Algorithm, ["distance"] = m.Match.Distance },
            [Key("soft_bindings_matched")] = m.SoftBindingsMatched,
            [Key("soft_bindings")] = new JsonArray([.. m.Bindings.Select(b => (JsonNode)new JsonObject { ["alg"] = b.Algorithm, ["matched"] = b.Matched, ["distance"] = b.Distance })]),
            [Key("hard_binding_matches_this_file")] = !m.HardBindingMismatch,
            [Key("credential_failures")] = new JsonArray([.. m.OtherFailures.Select(f => (JsonNode)new JsonObject { ["code"] = f.Code, ["url"] = f.Url, ["explanation"] = f.Explanation })]),
            [Key("title")] = m.Reader.ActiveManifest?.Title,
            [Key("signer")] = m.Reader.Validation?.Signer?.Organization ?? m.Reader.Validation?.Signer?.CommonName,
        };
        if (withStore)
        {
            json[Key("manifest_store")] = JsonNode.Parse(m.Reader.ToJson());
        }

        return json;
    }

    private static string CamelCase(string snake)
    {
        var parts = snake.Split('_');
        return parts[0] + string.Concat(parts.Skip(1).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
    }
}
