using System.Diagnostics;
using System.Text.Json;
using MediaTrust.Cose;
using MediaTrust.Signing;
using MediaTrust.Testing;
using Microsoft.Playwright;

namespace MediaTrust.Server;

/// <summary>
/// The page in a real browser (Debian's Chromium driven by Playwright): the sample's verdict, AI badge, thumbnail, ingredient
/// tree, trust report and downloads; manifest strings shown as text; axe-core finds no serious or critical violation.
/// Skipped with the reason when /usr/bin/chromium is missing, failed instead under CI=true (.ci/run installs it).
/// </summary>
[Trait("Category", "Browser")]
public sealed class BrowserTests
{
    private const string Chromium = "/usr/bin/chromium";

    private static readonly string Screenshots = Path.Combine(AppContext.BaseDirectory, "screenshots");

    /// <summary>Playwright and the headless Chromium it drives, disposed together.</summary>
    private sealed class HeadlessChromium(IPlaywright playwright, IBrowser browser) : IAsyncDisposable
    {
        public static async Task<HeadlessChromium> LaunchAsync()
        {
            if (!File.Exists(Chromium))
            {
                const string reason = "Chromium is not installed at /usr/bin/chromium (apt-get install chromium; .ci/run installs it)";
                if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
                {
                    Assert.Fail(reason);
                }

                Assert.Skip(reason);
            }

            var playwright = await Playwright.CreateAsync();
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = Chromium,
                Headless = true,
                Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            });
            return new HeadlessChromium(playwright, browser);
        }

        /// <summary>A new page on the server's root, in its own browser context.</summary>
        public async Task<IPage> OpenAsync(ServerHost host, ColorScheme scheme = ColorScheme.Light, int width = 1200, int height = 900)
        {
            var context = await browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = host.BaseAddress.ToString(),
                ColorScheme = scheme,
                ViewportSize = new ViewportSize { Width = width, Height = height },
                AcceptDownloads = true,
            });
            var page = await context.NewPageAsync();
            await page.GotoAsync("/");
            return page;
        }

        public async ValueTask DisposeAsync()
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }

    /// <summary>Drops a JPEG as a person would: a File built in the page and a drop event on the drop zone.</summary>
    private static async Task DropAsync(IPage page, string base64, string name) => await page.EvaluateAsync("""
        ([b64, name]) => {
          const bin = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
          const dt = new DataTransfer();
          dt.items.add(new File([bin], name, { type: "image/jpeg" }));
          document.getElementById("drop").dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
        }
        """, new[] { base64, name });

    private static async Task ChooseAsync(IPage page, params string[] files)
    {
        await page.SetInputFilesAsync("#files", files);
        await page.WaitForSelectorAsync("#status:has-text('Done')", new PageWaitForSelectorOptions { Timeout = 60_000 });
    }

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Screenshots);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name), FullPage = true });
    }

    [Fact]
    public async Task The_sample_shows_its_verdict_badge_thumbnail_and_trust_report()
    {
        await using var host = await ServerHost.StartAsync(Transport.Kestrel);
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.OpenAsync(host);

        // Dropped, as a person would: a File built in the page and a drop event on the drop zone.
        var bytes = Convert.ToBase64String(await File.ReadAllBytesAsync(Repository.PathOf("samples/gradient-signed.jpg"), TestContext.Current.CancellationToken));
        await DropAsync(page, bytes, "gradient-signed.jpg");
        await page.WaitForSelectorAsync("#status:has-text('Done')", new PageWaitForSelectorOptions { Timeout = 60_000 });

        var result = page.Locator(".result").First;
        Assert.Equal("Trusted", (await result.Locator(".verdict-title").TextContentAsync())?.Trim());
        Assert.Equal("AI-generated", await result.Locator(".ai-badge").TextContentAsync());
        Assert.True(await result.Locator(".ai-badge").IsVisibleAsync());
        Assert.StartsWith("data:image/jpeg;base64,", await result.Locator("img.thumb").GetAttributeAsync("src"), StringComparison.Ordinal);
        Assert.True(await result.Locator("img.thumb").IsVisibleAsync());
        var axes = await result.Locator("dl.axes dt").AllTextContentsAsync();
        // The sample carries a cawg.training-mining assertion: its owner's AI use preferences follow the axes.
        Assert.Equal(["Integrity", "Signature", "Signer trust", "Time-stamp", "Revocation", "Conformance", "Manifest source", "AI use"], axes);
        Assert.StartsWith("AI training: not allowed", (await result.Locator("dl.axes dd").Last.TextContentAsync())?.Trim(), StringComparison.Ordinal);
        Assert.Contains("MediaTrust DEMO ONLY", await result.Locator(".signed-by").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal("MediaTrust sample generator 1.0", await result.Locator(".app").TextContentAsync());
        Assert.Contains("Created (made by generative AI)", await result.Locator(".actions").TextContentAsync(), StringComparison.Ordinal);

        // The trust report pane: the AI disclosure profile says the asset discloses generative AI.
        await result.Locator("select[name=profile]").SelectOptionAsync("ai-disclosure");
        await result.Locator(".trust-form button[type=submit]").ClickAsync();
        await result.Locator(".report li.pass:has-text('c2pa_genai')").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });

        var download = await page.RunAndWaitForDownloadAsync(() => result.Locator("[data-download=reader]").ClickAsync());
        using var readerJson = JsonDocument.Parse(await File.ReadAllTextAsync(await download.PathAsync(), TestContext.Current.CancellationToken));
        Assert.Equal(JsonValueKind.String, readerJson.RootElement.GetProperty("active_manifest").ValueKind);
        Assert.Equal("gradient-signed.reader.json", download.SuggestedFilename);
        download = await page.RunAndWaitForDownloadAsync(() => result.Locator("[data-download=report-html]").ClickAsync());
        Assert.Contains("Trust Report", await File.ReadAllTextAsync(await download.PathAsync(), TestContext.Current.CancellationToken), StringComparison.Ordinal);
        download = await page.RunAndWaitForDownloadAsync(() => result.Locator("[data-download=crjson]").ClickAsync());
        Assert.Contains("manifests", await File.ReadAllTextAsync(await download.PathAsync(), TestContext.Current.CancellationToken), StringComparison.Ordinal);

        await ScreenshotAsync(page, "sample-light.png");
        if (Environment.GetEnvironmentVariable("MEDIATRUST_WRITE_SCREENSHOT") == "1")
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Repository.PathOf("docs/images/verifier.png"), FullPage = true });
        }

        await AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task Dark_theme_and_phone_layout_are_accessible()
    {
        await using var host = await ServerHost.StartAsync(Transport.Kestrel);
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.OpenAsync(host, ColorScheme.Dark, 390, 844);
        await ChooseAsync(page, Repository.PathOf("samples/gradient-signed.jpg"), Repository.PathOf("samples/gradient.jpg"));
        Assert.Equal(2, await page.Locator(".result").CountAsync());
        Assert.Equal("No Content Credentials", (await page.Locator(".result .verdict-title").First.TextContentAsync())?.Trim());
        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"the page scrolls sideways on a phone ({width}px)");
        await ScreenshotAsync(page, "phone-dark.png");
        await AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task Manifest_strings_with_markup_show_as_text()
    {
        const string hostile = "<img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=2</script><b>bold</b>";
        var pki = TestPki.Create(SigningAlgorithm.ES256, new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), new(2035, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using var signer = pki.CreateClaimSigner();
        var definition = ManifestDefinition.FromJson(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["claim_generator_info"] = new[] { new Dictionary<string, string> { ["name"] = hostile } },
            ["title"] = hostile,
            ["assertions"] = new[]
            {
                new Dictionary<string, object>
                {
                    ["label"] = "c2pa.actions.v2",
                    ["data"] = new Dictionary<string, object> { ["actions"] = new[] { new Dictionary<string, object> { ["action"] = "c2pa.created", ["softwareAgent"] = hostile } } },
                },
            },
        }));
        var signed = Path.Combine(Path.GetTempPath(), $"mediatrust-hostile-{Guid.NewGuid():N}.jpg");
        await new ManifestBuilder(definition).SignFileAsync(Repository.PathOf("samples/gradient.jpg"), signed, signer, TestContext.Current.CancellationToken);
        try
        {
            await using var host = await ServerHost.StartAsync(Transport.Kestrel);
            await using var chromium = await HeadlessChromium.LaunchAsync();
            var page = await chromium.OpenAsync(host);
            await ChooseAsync(page, signed);
            var result = page.Locator(".result").First;
            Assert.Equal(hostile, await result.Locator(".app").TextContentAsync());
            Assert.Contains(hostile, await result.Locator(".actions").TextContentAsync(), StringComparison.Ordinal);
            Assert.Equal(0, await result.Locator(".app *, .actions img, .actions script, .actions b").CountAsync());
            Assert.Null(await page.EvaluateAsync<int?>("() => window.__pwned ?? null"));
            await ScreenshotAsync(page, "hostile-strings.png");
        }
        finally
        {
            File.Delete(signed);
        }
    }

    /// <summary>
    /// A file whose manifest and whose ingredient's manifest each carry a CAWG X.509 identity (generated credentials): the
    /// result shows its own "Who" line, and the ingredient node shows the ingredient's, each with its own trust words.
    /// </summary>
    [Fact]
    public async Task The_who_lines_name_the_identities_of_the_file_and_of_its_ingredient()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var pki = TestPki.Create(SigningAlgorithm.ES256, new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), new(2035, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var identityPki = TestPki.Create(SigningAlgorithm.ES256, new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), new(2035, 1, 1, 0, 0, 0, TimeSpan.Zero), "Identity Test");
        using var signer = pki.CreateClaimSigner();
        using var author = identityPki.CreateSigner(identityPki.IssueIdentitySigner("Parent Author"));
        using var editor = identityPki.CreateSigner(identityPki.IssueIdentitySigner("Jane Doe"));
        var parent = Path.Combine(Path.GetTempPath(), $"mediatrust-who-parent-{Guid.NewGuid():N}.jpg");
        var signed = Path.Combine(Path.GetTempPath(), $"mediatrust-who-{Guid.NewGuid():N}.jpg");
        static ManifestDefinition Definition(string title, string action) => ManifestDefinition.FromJson(
            $$"""{ "claim_generator_info": [{ "name": "browser tests" }], "title": "{{title}}", "assertions": [ { "label": "c2pa.actions.v2", "data": { "actions": [ { "action": "{{action}}" } ] } } ] }""");
        await new ManifestBuilder(Definition("parent.jpg", "c2pa.created")) { Identities = [new IdentitySigner(author) { Roles = ["cawg.creator"] }] }
            .SignFileAsync(Repository.PathOf("samples/gradient.jpg"), parent, signer, cancellationToken);
        await new ManifestBuilder(Definition("edited.jpg", "c2pa.opened"))
        {
            Identities = [new IdentitySigner(editor) { Roles = ["cawg.editor"] }],
            Ingredients = [new IngredientFile { Path = parent, Relationship = IngredientFile.ParentOf }],
        }.SignFileAsync(Repository.PathOf("samples/gradient.jpg"), signed, signer, cancellationToken);
        try
        {
            await using var host = await ServerHost.StartAsync(Transport.Kestrel);
            await using var chromium = await HeadlessChromium.LaunchAsync();
            var page = await chromium.OpenAsync(host);
            await ChooseAsync(page, signed);
            var result = page.Locator(".result").First;

            // The server trusts no identity anchor: each identity is intact but not verified.
            var who = result.Locator("dl.axes dd.identity");
            Assert.Equal(1, await who.CountAsync());
            Assert.StartsWith("Jane Doe (MediaTrust Test) as editor: not verified (untrusted credential); X.509 certificate issued by",
                (await who.TextContentAsync())?.Trim(), StringComparison.Ordinal);

            await result.Locator(".tree button.node").First.ClickAsync();
            var detail = result.Locator(".manifest-detail");
            Assert.StartsWith("Parent Author (MediaTrust Test) as creator: not verified (untrusted credential)",
                (await detail.Locator("dd.identity").TextContentAsync())?.Trim(), StringComparison.Ordinal);
            Assert.Equal(0, await detail.Locator("li.fail:has-text('cawg.')").CountAsync()); // the identity axis is the Who line, not a failure
            await ScreenshotAsync(page, "who-lines.png");
        }
        finally
        {
            File.Delete(parent);
            File.Delete(signed);
        }
    }

    [Fact]
    public async Task A_stripped_copy_shows_its_possible_matches_in_both_themes()
    {
        using var photo = await PublishedPhoto.CreateAsync();
        await using var host = await ServerHost.StartAsync(Transport.Kestrel, photo.Settings(), trustDemoRoot: false);
        await using var chromium = await HeadlessChromium.LaunchAsync();
        foreach (var (scheme, width, height, name) in new[] { (ColorScheme.Light, 1200, 900, "possible-matches-light.png"), (ColorScheme.Dark, 390, 844, "possible-matches-phone-dark.png") })
        {
            var page = await chromium.OpenAsync(host, scheme, width, height);
            await DropAsync(page, Convert.ToBase64String(photo.Stripped), "harbour-shared.jpg");
            await page.WaitForSelectorAsync("#status:has-text('Done')", new PageWaitForSelectorOptions { Timeout = 60_000 });
            var result = page.Locator(".result").First;
            Assert.Equal("No Content Credentials", (await result.Locator(".verdict-title").TextContentAsync())?.Trim());

            // Offered for a file without credentials, and operated from the keyboard.
            var search = result.GetByRole(AriaRole.Button, new() { Name = "Search for possible matches" });
            await search.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
            await search.FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            var first = result.Locator("ol.matches li.match").First;
            await first.WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
            Assert.Contains("possible match", await result.Locator(".recover-status").TextContentAsync(), StringComparison.Ordinal);
            Assert.Equal("Recovered: trusted Content Credentials", await first.Locator(".match-title").TextContentAsync());
            Assert.StartsWith("Recovered provenance", await first.Locator(".match-found").TextContentAsync(), StringComparison.Ordinal);
            var text = await first.TextContentAsync();
            Assert.Contains($"{PublishedPhoto.SignerName} Claim Signer", text, StringComparison.Ordinal);
            Assert.Contains("MediaTrust recovery test 2.0", text, StringComparison.Ordinal);
            Assert.Contains("not a sign of tampering", text, StringComparison.Ordinal);
            Assert.Contains(photo.ManifestId, text, StringComparison.Ordinal);
            var thumbnail = first.Locator("img.match-thumb");
            Assert.StartsWith("data:image/jpeg;base64,", await thumbnail.GetAttributeAsync("src"), StringComparison.Ordinal);
            Assert.True(await thumbnail.IsVisibleAsync());
            Assert.True(await thumbnail.EvaluateAsync<int>("img => img.naturalWidth") > 0, "the thumbnail did not decode");
            var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            Assert.True(scrollWidth <= width, $"the page scrolls sideways ({scrollWidth}px at {width}px)");
            await ScreenshotAsync(page, name);
            await AssertAccessibleAsync(page);
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    [Trait("Category", "Corpus")]
    public async Task A_corpus_file_shows_its_ingredient_tree()
    {
        var file = SharedFolder.RequireCorpusFile("c2pa-rs/sdk/tests/fixtures/CACA.jpg");
        await using var host = await ServerHost.StartAsync(Transport.Kestrel);
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.OpenAsync(host);
        await ChooseAsync(page, file);
        var result = page.Locator(".result").First;
        Assert.Equal("Valid but signer not on the trust lists", (await result.Locator(".verdict-title").TextContentAsync())?.Trim());
        var nodes = result.Locator(".tree button.node");
        Assert.True(await nodes.CountAsync() > 0, "no ingredient in the tree");
        await nodes.First.ClickAsync();
        await result.Locator(".manifest-detail h5").WaitForAsync();
        Assert.Contains("Ingredient:", await result.Locator(".manifest-detail").TextContentAsync(), StringComparison.Ordinal);
        await ScreenshotAsync(page, "corpus-ingredients.png");
        await AssertAccessibleAsync(page);
    }

    /// <summary>
    /// Runs axe-core (npm, installed into the git-ignored artifacts/axe on first use) in the page. It is served to the page
    /// under test only, by the browser's request routing, so the app itself never carries it and its CSP still applies.
    /// </summary>
    private static async Task AssertAccessibleAsync(IPage page)
    {
        var axe = await AxeAsync();
        await page.RouteAsync("**/__axe.min.js", route => route.FulfillAsync(new RouteFulfillOptions { Path = axe, ContentType = "text/javascript" }));
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Url = "/__axe.min.js" });
        var json = await page.EvaluateAsync<JsonElement>("""
            async () => (await axe.run(document, { resultTypes: ["violations"] })).violations
              .filter(v => v.impact === "serious" || v.impact === "critical")
              .map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(" ")).slice(0, 5) }))
            """);
        Assert.True(json.GetArrayLength() == 0, "axe-core found serious or critical violations: " + json.GetRawText());
    }

    private static readonly SemaphoreSlim AxeInstall = new(1, 1);

    private static async Task<string> AxeAsync()
    {
        var folder = Repository.PathOf("artifacts/axe");
        var script = Path.Combine(folder, "node_modules", "axe-core", "axe.min.js");
        await AxeInstall.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            if (!File.Exists(script))
            {
                Directory.CreateDirectory(folder);
                var start = new ProcessStartInfo("npm", ["install", "--no-audit", "--no-fund", "--no-save", "--prefix", folder, "axe-core@4"]) { RedirectStandardOutput = true, RedirectStandardError = true };
                using var npm = Process.Start(start)!;
                var error = npm.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
                await npm.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
                await npm.WaitForExitAsync(TestContext.Current.CancellationToken);
                Assert.True(File.Exists(script), $"npm could not install axe-core: {await error}");
            }
        }
        finally
        {
            AxeInstall.Release();
        }

        return script;
    }
}
