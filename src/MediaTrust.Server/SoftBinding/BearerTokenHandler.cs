using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace MediaTrust.Server.SoftBinding;

/// <summary>
/// Bearer tokens for the Resolution API (RFC 6750): the token's SHA-256 is looked up among the configured ones
/// (<see cref="SoftBindingOptions.Tokens"/>), so the server never holds a token in clear; a match grants that entry's scopes
/// as <c>scope</c> claims. No token: no identity (a route open to anonymous reads still answers). A wrong token: 401.
/// Refusals are problem details with a <c>WWW-Authenticate: Bearer</c> challenge.
/// </summary>
internal sealed class BearerTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    IOptions<SoftBindingOptions> settings, IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    public const string ScopeClaim = "scope";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var token = header["Bearer ".Length..].Trim();
        if (token.Length is 0 or > 4096)
        {
            return Task.FromResult(AuthenticateResult.Fail("malformed bearer token"));
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        foreach (var entry in settings.Value.Tokens)
        {
            // Compared in constant time, though only a hash is compared: no timing says how much of it matched.
            if (CryptographicOperations.FixedTimeEquals(hash, Convert.FromHexString(entry.Sha256)))
            {
                var claims = entry.Scopes.Select(s => new Claim(ScopeClaim, s)).Append(new Claim(ClaimTypes.Name, entry.Name ?? "token"));
                var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
                return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
            }
        }

        return Task.FromResult(AuthenticateResult.Fail("unknown bearer token"));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failed = (await HandleAuthenticateOnceSafeAsync()).Failure is not null;
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = failed ? "Bearer realm=\"mediatrust\", error=\"invalid_token\"" : "Bearer realm=\"mediatrust\"";
        await WriteAsync(401, "Unauthorized",
            failed ? "The bearer token is not one this server accepts." : "This operation needs a bearer token (Authorization: Bearer TOKEN).",
            failed ? "auth.invalidToken" : "auth.required");
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        Response.Headers.WWWAuthenticate = "Bearer realm=\"mediatrust\", error=\"insufficient_scope\"";
        await WriteAsync(403, "Forbidden", "The bearer token does not grant the scope this operation needs.", "auth.insufficientScope");
    }

    private async Task WriteAsync(int status, string title, string detail, string code) =>
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = status, Title = title, Detail = detail, Extensions = { ["code"] = code } },
        });
}

/// <summary>
/// The authorization policies of the three scopes; <c>fetch:manifests</c> is met by any client that sends no
/// Authorization header when <see cref="SoftBindingOptions.AnonymousRead"/> is on.
/// </summary>
internal static class ScopePolicies
{
    public static void Add(AuthorizationOptions authorization, SoftBindingOptions settings)
    {
        foreach (var scope in Scopes.All)
        {
            authorization.AddPolicy(scope, policy =>
            {
                policy.AddAuthenticationSchemes(BearerTokenHandler.SchemeName);
                if (scope == Scopes.FetchManifests && settings.AnonymousRead)
                {
                    // Open to clients without a token; a client that presents one it should not have is still told so
                    // (401 invalid_token), not served as if it had sent none.
                    policy.RequireAssertion(context => context.User.Identity?.IsAuthenticated == true
                        || context.Resource is not HttpContext http || !http.Request.Headers.ContainsKey("Authorization"));
                }
                else
                {
                    policy.RequireClaim(BearerTokenHandler.ScopeClaim, scope);
                }
            });
        }
    }
}
