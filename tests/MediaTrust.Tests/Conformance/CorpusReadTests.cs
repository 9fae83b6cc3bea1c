using System.Text.Json.Nodes;
using MediaTrust.IO;
using MediaTrust.Testing;

namespace MediaTrust.Conformance;

/// <summary>
/// Reads every JPEG, PNG and .c2pa file of ../shared/corpus that carries a store and compares what
/// c2pa-rs recorded (TestData/Oracle): manifest labels, active manifest, claim generator (info),
/// title and assertion labels.
/// </summary>
[Trait("Category", "Corpus")]
public sealed class CorpusReadTests(ITestOutputHelper output)
{
    private static readonly string[] Formats = ["jpeg", "png", "c2pa-sidecar"];

    internal sealed record CorpusFile(string RelativePath, string Format, string Scan, string OutcomeClass);

    internal static List<CorpusFile> Files(string corpus, Func<CorpusFile, bool> filter)
    {
        var files = new List<CorpusFile>();
        foreach (var manifest in Directory.GetFiles(corpus, "MANIFEST.tsv", SearchOption.AllDirectories))
        {
            var folder = Path.GetRelativePath(corpus, Path.GetDirectoryName(manifest)!);
            foreach (var line in File.ReadLines(manifest))
            {
                if (line.StartsWith('#') || line.StartsWith("path\t", StringComparison.Ordinal))
                {
                    continue;
                }

                var columns = line.Split('\t');
                if (columns.Length < 9 || columns[8] != "yes")
                {
                    continue;
                }

                var file = new CorpusFile(Path.Combine(folder, columns[0]).Replace('\\', '/'), columns[1], columns[4], columns[5]);
                if (filter(file))
                {
                    files.Add(file);
                }
            }
        }

        return files;
    }

    internal static string OracleFolder()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("MEDIATRUST_ORACLE");
        return !string.IsNullOrEmpty(fromEnvironment) ? fromEnvironment : Path.Combine(AppContext.BaseDirectory, "TestData", "Oracle");
    }

    [Fact]
    public void Reads_every_stored_jpeg_png_and_sidecar_like_c2pa_rs()
    {
        var corpus = SharedFolder.RequireCorpus();
        var files = Files(corpus, f => Array.IndexOf(Formats, f.Format) >= 0 && f.Scan.StartsWith("embedded", StringComparison.Ordinal));
        Assert.NotEmpty(files);
        var failures = new List<string>();
        var compared = 0;
        foreach (var file in files)
        {
            Reader reader;
            try
            {
                reader = StoreReads.File(Path.Combine(corpus, file.RelativePath));
            }
            catch (Exception e) when (e is MalformedContentException or NoManifestException)
            {
                failures.Add($"{file.RelativePath}: {e.GetType().Name}: {e.Message}");
                continue;
            }

            var oraclePath = Path.Combine(OracleFolder(), file.RelativePath + ".json");
            if (!File.Exists(oraclePath) || JsonNode.Parse(File.ReadAllText(oraclePath))?["reader_json"] is not JsonObject { } expected
                || expected["manifests"] is not JsonObject)
            {
                output.WriteLine($"no c2pa-rs reader_json recorded for {file.RelativePath}; read {reader.Manifests.Count} manifest(s) without comparison");
                continue;
            }

            compared++;
            Compare(file.RelativePath, expected, reader, failures);
        }

        output.WriteLine($"{files.Count} files read, {compared} compared with c2pa-rs");
        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.True(compared > 0, $"no oracle data found under {OracleFolder()}");
    }

    internal static void Compare(string path, JsonObject expected, Reader reader, List<string> failures)
    {
        void Check(string what, string? want, string? got)
        {
            if (!string.Equals(want, got, StringComparison.Ordinal))
            {
                failures.Add($"{path}: {what}: c2pa-rs {want ?? "(none)"}, we {got ?? "(none)"}");
            }
        }

        Check("active_manifest", expected["active_manifest"]?.GetValue<string>(), reader.ActiveManifestLabel);
        var manifests = expected["manifests"]!.AsObject();
        // c2pa-rs drops a manifest it fails to load ("Failed to load manifest" in validation_status); we keep every manifest that parses.
        var dropped = (expected["validation_status"] as JsonArray ?? [])
            .Where(s => s?["explanation"]?.GetValue<string>() == "Failed to load manifest")
            .Select(s => Manifests.JumbfUri.ManifestLabel(s!["url"]!.GetValue<string>()))
            .ToHashSet();
        Check("manifest labels", string.Join(", ", manifests.Select(m => m.Key).Order(StringComparer.Ordinal)),
            string.Join(", ", reader.Manifests.Select(m => m.Label).Where(l => !dropped.Contains(l)).Order(StringComparer.Ordinal)));
        foreach (var (label, node) in manifests)
        {
            var ours = reader.Manifests.FirstOrDefault(m => m.Label == label);
            if (ours is null || node is not JsonObject want)
            {
                continue;
            }

            Check($"{label} claim_generator", want["claim_generator"]?.GetValue<string>(), ours.ClaimGenerator);
            Check($"{label} claim_generator_info names",
                Names(want["claim_generator_info"] as JsonArray),
                Names(new JsonArray([.. ours.ClaimGeneratorInfo.Select(i => i.DeepClone())])));
            Check($"{label} title", want["title"]?.GetValue<string>(), ours.Title);
            Check($"{label} instance_id", want["instance_id"]?.GetValue<string>(), ours.InstanceId);
            Check($"{label} assertion labels",
                string.Join(", ", (want["assertions"] as JsonArray ?? []).Select(a => a!["label"]!.GetValue<string>())),
                string.Join(", ", ours.Assertions.Select(a => a.Label)));
            Check($"{label} signature alg", want["signature_info"]?["alg"]?.GetValue<string>(), ours.SignatureInfo?.Algorithm);
            Check($"{label} signature issuer", want["signature_info"]?["issuer"]?.GetValue<string>(), ours.SignatureInfo?.Issuer);
            Check($"{label} signature serial", want["signature_info"]?["cert_serial_number"]?.GetValue<string>(), ours.SignatureInfo?.CertSerialNumber);
            // c2pa-rs shows a time only for a time-stamp it validated (a tampered signature loses it); we show what the token says.
            if (want["signature_info"]?["time"] is { } wantTime)
            {
                Check($"{label} signature time", wantTime.GetValue<string>(), ours.SignatureInfo?.Time is { } t ? Json.ReaderJson.Rfc3339(t) : null);
            }
            Check($"{label} ingredient titles",
                string.Join(", ", (want["ingredients"] as JsonArray ?? []).Select(i => i!["title"]?.GetValue<string>())),
                string.Join(", ", ours.Ingredients.Select(i => i.Title)));
        }
    }

    private static string Names(JsonArray? infos) =>
        string.Join(", ", (infos ?? []).Select(i => $"{i?["name"]?.GetValue<string>()} {i?["version"]?.ToJsonString()}"));
}
