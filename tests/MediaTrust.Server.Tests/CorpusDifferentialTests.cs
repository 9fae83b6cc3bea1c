using System.CommandLine;
using System.Net;
using System.Text.Json.Nodes;
using MediaTrust.Testing;

namespace MediaTrust.Server;

/// <summary>
/// The API's verdict on each corpus media file equals <c>mediatrust verify --json-lines</c>'s (the CLI run in-process), so
/// the web verifier and the command never disagree (docs/server.md).
/// </summary>
public sealed class CorpusDifferentialTests
{
    internal static readonly string[] MediaExtensions =
    [
        ".jpg", ".jpeg", ".png", ".webp", ".gif", ".tif", ".tiff", ".dng", ".heic", ".heif", ".avif", ".jxl", ".svg", ".mp4", ".mov", ".m4a",
        ".wav", ".avi", ".mp3", ".flac", ".pdf",
    ];

    internal static List<string> CorpusMedia(string corpus) =>
        [.. Directory.EnumerateFiles(corpus, "*", SearchOption.AllDirectories)
            .Where(f => MediaExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Where(f => !File.Exists(Path.ChangeExtension(f, ".c2pa"))) // a sidecar pair is read by the CLI from the folder, by the API from two parts
            .Order(StringComparer.Ordinal)];

    [Fact]
    [Trait("Category", "Corpus")]
    public async Task Api_verdict_equals_the_commands_on_every_corpus_file()
    {
        var corpus = SharedFolder.RequireCorpus();
        var files = CorpusMedia(corpus);
        Assert.NotEmpty(files);
        await using var host = await ServerHost.StartAsync(Transport.TestHost, new Dictionary<string, string?>
        {
            ["MediaTrust:RateLimitPermits"] = "100000",
        }, trustDemoRoot: false);
        var mismatches = new List<string>();
        foreach (var file in files)
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            await MediaTrust.Cli.Program.RunAsync(["verify", "--json-lines", "--at", ServerHost.PinnedTime, file], new InvocationConfiguration { Output = output, Error = error },
                TestContext.Current.CancellationToken);
            var cli = JsonNode.Parse(output.ToString())!.AsObject();

            using var response = await host.PostFileAsync("/api/v1/verify", file);
            var api = response.StatusCode == HttpStatusCode.OK ? (await ServerHost.JsonAsync(response))["verdict"]!.AsObject() : null;
            var relative = Path.GetRelativePath(corpus, file);
            if (api is null)
            {
                // The API answers an unreadable file with a problem (415/422); the command with state "error".
                if (cli["state"]!.GetValue<string>() != "error")
                {
                    mismatches.Add($"{relative}: API {(int)response.StatusCode}, CLI {cli["state"]}");
                }

                continue;
            }

            // The API adds each code's meaning to a failure; the rest must be the command's, key for key.
            foreach (var failure in (api["failures"] as JsonArray ?? []).OfType<JsonObject>())
            {
                failure.Remove("meaning");
            }

            foreach (var key in new[] { "state", "source", "axes", "signer", "failures", "engine" })
            {
                if (!JsonNode.DeepEquals(cli[key], api[key]))
                {
                    mismatches.Add($"{relative}: {key}: CLI {cli[key]?.ToJsonString()} API {api[key]?.ToJsonString()}");
                }
            }
        }

        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {files.Count} files differ:\n" + string.Join("\n", mismatches.Take(40)));
    }
}
