using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Scalar.AspNetCore;

namespace MediaTrust.Server;

/// <summary>
/// Builds the web verifier: the page (<c>/</c>), the REST API (<c>/api/v1</c>), the Soft Binding Resolution API
/// (<c>/softbinding/v1</c>, docs/soft-bindings.md), the REST API's OpenAPI document
/// (<c>/openapi/v1.json</c>) and reference page (<c>/scalar/v1</c>), health (<c>/healthz</c>, <c>/readyz</c>) and
/// metrics (<c>/metrics</c>). Used by <c>dotnet run --project src/MediaTrust.Server</c> and <c>mediatrust serve</c>
/// (docs/server.md).
/// </summary>
public static partial class VerifierApp
{
    internal const string RateLimitPolicy = "per-client";

    /// <summary>The strict Content-Security-Policy of every response but the two that carry their own (the API reference page, an HTML Trust Report).</summary>
    internal const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Creates the app from command-line arguments and the usual configuration (appsettings.json, environment variables).</summary>
    /// <param name="args">Command-line arguments (<c>--urls</c>, <c>--MediaTrust:MaxUploadBytes=…</c>).</param>
    /// <param name="configure">Changes to the builder before the app is built (the CLI binds to loopback; tests add settings).</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        AddServices(builder);
        configure?.Invoke(builder);
        var app = builder.Build();
        Configure(app);
        return app;
    }

    private static void AddServices(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<VerifierOptions>().Bind(builder.Configuration.GetSection(VerifierOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<VerifierOptions>, VerifierOptionsValidator>();
        services.AddSingleton<UploadFolder>();
        services.AddSingleton<UploadReceiver>();
        services.AddSingleton<VerifierTelemetry>();
        services.AddSingleton<VerificationService>();
        services.AddSingleton<ProfileLibrary>();
        services.AddProblemDetails();

        // The Soft Binding Resolution API (docs/soft-bindings.md): its repository, receipt key and bearer-token scopes.
        services.AddOptions<SoftBinding.SoftBindingOptions>().Bind(builder.Configuration.GetSection(SoftBinding.SoftBindingOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SoftBinding.SoftBindingOptions>, SoftBinding.SoftBindingOptionsValidator>();
        services.AddSingleton<SoftBinding.SoftBindingService>();
        services.AddAuthentication(SoftBinding.BearerTokenHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, SoftBinding.BearerTokenHandler>(SoftBinding.BearerTokenHandler.SchemeName, null);
        services.AddAuthorization();
        services.AddOptions<Microsoft.AspNetCore.Authorization.AuthorizationOptions>()
            .Configure<IOptions<SoftBinding.SoftBindingOptions>>((authorization, settings) => SoftBinding.ScopePolicies.Add(authorization, settings.Value));
        services.AddHealthChecks().AddCheck<ReadinessCheck>("ready", tags: ["ready"]);

        // Requests past a client's budget are answered 429 (docs/server.md, "Limits"); partitioned by remote address.
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(RateLimitPolicy, context =>
            {
                var settings = context.RequestServices.GetRequiredService<IOptions<VerifierOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = settings.RateLimitPermits,
                    Window = settings.RateLimitWindow,
                    QueueLimit = 0,
                });
            });
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var context = rejected.HttpContext;
                context.RequestServices.GetRequiredService<VerifierTelemetry>().Rejected.Add(1, new KeyValuePair<string, object?>("reason", "rate"));
                if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = new Microsoft.AspNetCore.Mvc.ProblemDetails
                    {
                        Status = 429,
                        Title = "Too many requests",
                        Detail = "This client sent more requests than the server allows per window; try again later.",
                        Extensions = { ["code"] = "rate.limited" },
                    },
                });
            };
        });

        services.AddOpenApi("v1", openApi => openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "MediaTrust web verifier API";
            document.Info.Description = "C2PA content credentials and JPEG Trust reports over HTTP. Errors are RFC 9457 problem details.";
            return Task.CompletedTask;
        }));

        var telemetry = services.AddOpenTelemetry();
        telemetry.WithMetrics(metrics => metrics.AddAspNetCoreInstrumentation().AddMeter(VerifierTelemetry.Name).AddPrometheusExporter());
        telemetry.WithTracing(tracing => tracing.AddAspNetCoreInstrumentation().AddSource(VerifierTelemetry.Name));

        // Shutdown waits for requests in flight (up to this long), then the upload folder is removed.
        services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 << 10;
        });
    }

    private static void Configure(WebApplication app)
    {
        // Fail at start, not on the first request: options, trust files, profiles, the upload folder.
        _ = app.Services.GetRequiredService<IOptions<VerifierOptions>>().Value;
        _ = app.Services.GetRequiredService<VerificationService>();
        _ = app.Services.GetRequiredService<ProfileLibrary>();
        _ = app.Services.GetRequiredService<UploadFolder>();
        _ = app.Services.GetRequiredService<SoftBinding.SoftBindingService>();

        app.Use(SecurityHeadersAsync);
        app.UseMiddleware<ProblemMiddleware>();
        app.UseStatusCodePages();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();

        var files = new EmbeddedFileProvider(typeof(VerifierApp).Assembly, "MediaTrust.Server.wwwroot");
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });

        RecoverEndpoints.Map(Endpoints.Map(app));
        SoftBinding.SoftBindingEndpoints.Map(app);
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference("/scalar", scalar => scalar
            .WithTitle("MediaTrust web verifier API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .DisableDefaultFonts());
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        if (app.Services.GetRequiredService<IOptions<VerifierOptions>>().Value.EnableMetrics)
        {
            app.MapPrometheusScrapingEndpoint("/metrics");
        }
    }

    /// <summary>
    /// Security headers on every response (docs/server.md, "Security"): a strict CSP with no inline script or style, no
    /// framing, no MIME sniffing, no referrer. The API reference page's one inline module script is allowed by its hash.
    /// </summary>
    private static async Task SecurityHeadersAsync(HttpContext context, Func<Task> next)
    {
        var isReference = context.Request.Path.StartsWithSegments("/scalar", StringComparison.OrdinalIgnoreCase);
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Cross-Origin-Resource-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            if (string.IsNullOrEmpty(headers.ContentSecurityPolicy))
            {
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
            }

            return Task.CompletedTask;
        });

        if (!isReference)
        {
            await next();
            return;
        }

        // Scalar's page starts with one inline module script; buffer the (small) page to allow that script by hash, and
        // the styles its bundle injects. Everything else of the strict policy holds.
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next();
        }
        finally
        {
            context.Response.Body = original;
        }

        var html = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        if (context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
        {
            var hashes = string.Join(' ', InlineScript().Matches(html).Select(m => $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(m.Groups[1].Value)))}'"));
            context.Response.Headers.ContentSecurityPolicy =
                $"default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
        }

        context.Response.ContentLength = buffer.Length;
        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    }

    [GeneratedRegex("<script type=\"module\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex InlineScript();
}

/// <summary>Ready when uploads can be spooled and the profile library is loaded.</summary>
internal sealed class ReadinessCheck(UploadFolder folder, ProfileLibrary profiles) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(folder.Path))
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("the upload folder is missing"));
        }

        return Task.FromResult(profiles.Profiles.Count == 0
            ? HealthCheckResult.Degraded("no Trust Profiles are loaded")
            : HealthCheckResult.Healthy());
    }
}
