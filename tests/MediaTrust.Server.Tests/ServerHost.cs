using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MediaTrust.Server;

/// <summary>How a test reaches the app: the in-process test host, or a real Kestrel on 127.0.0.1 port 0.</summary>
public enum Transport
{
    TestHost,
    Kestrel,
}

/// <summary>The verifier app under test with a client; disposed at the end of the test (graceful stop).</summary>
internal sealed class ServerHost : IAsyncDisposable
{
    /// <summary>The time validation is pinned to (certificates expire; docs/server.md, MediaTrust:ValidationTime).</summary>
    public const string PinnedTime = "2027-06-01T00:00:00Z";

    private ServerHost(WebApplication app, HttpClient client, Uri baseAddress)
    {
        App = app;
        Client = client;
        BaseAddress = baseAddress;
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public Uri BaseAddress { get; }

    public string UploadFolder => App.Services.GetRequiredService<UploadFolder>().Path;

    /// <param name="transport">The test host or Kestrel.</param>
    /// <param name="settings">Configuration on top of the defaults (the demo root as trust anchor, the pinned time).</param>
    /// <param name="configure">Further changes to the builder.</param>
    /// <param name="trustDemoRoot">Whether the sample's demo root is a trust anchor.</param>
    public static async Task<ServerHost> StartAsync(Transport transport, IDictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? configure = null,
        bool trustDemoRoot = true)
    {
        var all = new Dictionary<string, string?>
        {
            ["MediaTrust:ValidationTime"] = PinnedTime,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        if (trustDemoRoot)
        {
            all["MediaTrust:TrustAnchors:0"] = Repository.PathOf("samples/demo-keys/root.pem");
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var args = transport == Transport.Kestrel ? new[] { "--urls", "http://127.0.0.1:0" } : [];
        var app = VerifierApp.Build(args, builder =>
        {
            builder.Configuration.AddInMemoryCollection(all);
            if (transport == Transport.TestHost)
            {
                builder.WebHost.UseTestServer();
            }

            configure?.Invoke(builder);
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        if (transport == Transport.TestHost)
        {
            var client = app.GetTestClient();
            return new ServerHost(app, client, client.BaseAddress!);
        }

        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return new ServerHost(app, new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(2) }, address);
    }

    public async Task<HttpResponseMessage> PostFileAsync(string url, string path, string? contentType = "application/octet-stream")
    {
        var content = new StreamContent(File.OpenRead(path));
        if (contentType is not null)
        {
            content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        return await Client.PostAsync(url, content, TestContext.Current.CancellationToken);
    }

    public async Task<HttpResponseMessage> PostMultipartAsync(string url, params (string Part, string FileName, byte[] Bytes)[] parts)
    {
        var form = new MultipartFormDataContent();
        foreach (var (part, fileName, bytes) in parts)
        {
            form.Add(new ByteArrayContent(bytes), part, fileName);
        }

        return await Client.PostAsync(url, form, TestContext.Current.CancellationToken);
    }

    public static async Task<JsonObject> JsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!.AsObject();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
    }
}

/// <summary>Files of this repository (samples/, profiles/).</summary>
internal static class Repository
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MediaTrust.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("the repository root (MediaTrust.slnx) is not above the test assembly");
    });

    public static string RootPath => Root.Value;

    public static string PathOf(string relative) => Path.Combine(Root.Value, relative);
}
