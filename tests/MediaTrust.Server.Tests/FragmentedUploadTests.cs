using System.CommandLine;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using MediaTrust.Testing;

namespace MediaTrust.Server;

/// <summary>
/// A fragmented MP4 uploaded as its initialization segment (part <c>file</c>) and its fragments (repeated part
/// <c>fragment</c>) through real HTTP: the API's verdict equals <c>mediatrust verify --fragments</c>'s on the same files
/// (spec 2.2 §15.12.2.2: the init segment and each fragment are leaves of the <c>c2pa.hash.bmff</c> Merkle tree).
/// </summary>
[Trait("Category", "Corpus")]
public sealed class FragmentedUploadTests
{
    private const string SignedInit = "c2pa-rs/sdk/tests/fixtures/dashinit.mp4";
    private const string SignedFragment = "c2pa-rs/sdk/tests/fixtures/dash1.m4s";
    private const string UnsignedFolder = "c2pa-rs/sdk/tests/fixtures/bunny/bunny_89283bps";

    /// <summary>Inside the validity of dashinit.mp4's certificate (c2pa-rs's test signer).</summary>
    private const string At = "2024-06-01T00:00:00Z";

    public static TheoryData<Transport> Transports() => new(Transport.TestHost, Transport.Kestrel);

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Init_segment_and_fragment_verify_as_the_command_does(Transport transport)
    {
        var init = SharedFolder.RequireCorpusFile(SignedInit);
        var fragment = SharedFolder.RequireCorpusFile(SignedFragment);
        await using var host = await StartAsync(transport);

        using var response = await PostFragmentsAsync(host, init, [fragment]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await ServerHost.JsonAsync(response);
        Assert.Equal("dashinit.mp4", json["file"]!["name"]!.GetValue<string>());
        var verdict = json["verdict"]!.AsObject();
        Assert.Contains(json["reader"]!["validation_results"]!["activeManifest"]!["success"]!.AsArray(),
            s => s!["code"]!.GetValue<string>() == "assertion.bmffHash.match");
        Assert.Equal("intact", verdict["axes"]!["integrity"]!.GetValue<string>());
        AssertSameAsCommand(await CommandVerdictAsync(init, "dash1.m4s"), verdict);
    }

    [Fact]
    public async Task A_changed_fragment_is_invalid_as_the_command_says()
    {
        using var folder = new TemporaryFolder();
        var init = folder.Copy(SharedFolder.RequireCorpusFile(SignedInit));
        var fragment = folder.Copy(SharedFolder.RequireCorpusFile(SignedFragment));
        var bytes = File.ReadAllBytes(fragment);
        bytes[^100] ^= 0x01; // inside the fragment's mdat
        File.WriteAllBytes(fragment, bytes);
        await using var host = await StartAsync(Transport.Kestrel);

        using var response = await PostFragmentsAsync(host, init, [fragment]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var verdict = (await ServerHost.JsonAsync(response))["verdict"]!.AsObject();
        Assert.Equal("invalid", verdict["state"]!.GetValue<string>());
        Assert.Contains(verdict["failures"]!.AsArray(), f => f!["code"]!.GetValue<string>() == "assertion.bmffHash.mismatch");
        AssertSameAsCommand(await CommandVerdictAsync(init, "dash1.m4s"), verdict);
    }

    [Fact]
    public async Task An_unsigned_rendition_has_no_credentials_as_the_command_says()
    {
        var init = SharedFolder.RequireCorpusFile(Path.Combine(UnsignedFolder, "BigBuckBunny_2s_init.mp4"));
        var fragments = new[] { "BigBuckBunny_2s1.m4s", "BigBuckBunny_2s10.m4s", "BigBuckBunny_2s11.m4s" }
            .Select(f => SharedFolder.RequireCorpusFile(Path.Combine(UnsignedFolder, f))).ToArray();
        await using var host = await StartAsync(Transport.Kestrel);

        using var response = await PostFragmentsAsync(host, init, fragments);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var verdict = (await ServerHost.JsonAsync(response))["verdict"]!.AsObject();
        Assert.Equal("no-manifest", verdict["state"]!.GetValue<string>());
        AssertSameAsCommand(await CommandVerdictAsync(init, "BigBuckBunny_2s1?.m4s"), verdict);
    }

    [Fact]
    public async Task Fragments_without_their_init_segment_are_refused()
    {
        var fragment = SharedFolder.RequireCorpusFile(SignedFragment);
        await using var host = await StartAsync(Transport.TestHost);
        using var form = new MultipartFormDataContent { { new ByteArrayContent(File.ReadAllBytes(fragment)), "fragment", "dash1.m4s" } };
        using var response = await host.Client.PostAsync("/api/v1/verify", form, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static Task<ServerHost> StartAsync(Transport transport) =>
        ServerHost.StartAsync(transport, new Dictionary<string, string?> { ["MediaTrust:ValidationTime"] = At }, trustDemoRoot: false);

    /// <summary>The init segment as part <c>file</c>, each fragment as a part <c>fragment</c>, streamed from disk.</summary>
    private static async Task<HttpResponseMessage> PostFragmentsAsync(ServerHost host, string init, IEnumerable<string> fragments)
    {
        var form = new MultipartFormDataContent();
        form.Add(Part(init), "file", Path.GetFileName(init));
        foreach (var fragment in fragments)
        {
            form.Add(Part(fragment), "fragment", Path.GetFileName(fragment));
        }

        return await host.Client.PostAsync("/api/v1/verify", form, TestContext.Current.CancellationToken);

        static StreamContent Part(string path)
        {
            var content = new StreamContent(File.OpenRead(path));
            content.Headers.ContentType = new MediaTypeHeaderValue("video/mp4");
            return content;
        }
    }

    /// <summary><c>mediatrust verify --json-lines --fragments GLOB INIT</c>, run in-process.</summary>
    private static async Task<JsonObject> CommandVerdictAsync(string init, string glob)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        await MediaTrust.Cli.Program.RunAsync(["verify", "--json-lines", "--at", At, "--fragments", glob, init],
            new InvocationConfiguration { Output = output, Error = error }, TestContext.Current.CancellationToken);
        return JsonNode.Parse(output.ToString())?.AsObject() ?? throw new InvalidOperationException($"verify printed nothing: {error}");
    }

    /// <summary>The API's verdict is the command's, key for key (the API adds each failure's meaning).</summary>
    private static void AssertSameAsCommand(JsonObject cli, JsonObject api)
    {
        foreach (var failure in (api["failures"] as JsonArray ?? []).OfType<JsonObject>())
        {
            failure.Remove("meaning");
        }

        foreach (var key in new[] { "state", "source", "axes", "signer", "failures", "engine", "validationTime" })
        {
            Assert.True(JsonNode.DeepEquals(cli[key], api[key]), $"{key}: CLI {cli[key]?.ToJsonString()} API {api[key]?.ToJsonString()}");
        }
    }

    private sealed class TemporaryFolder : IDisposable
    {
        private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("mediatrust-fmp4-");

        public string Copy(string file)
        {
            var target = Path.Combine(_folder.FullName, Path.GetFileName(file));
            File.Copy(file, target);
            return target;
        }

        public void Dispose() => _folder.Delete(recursive: true);
    }
}
