namespace MediaTrust.Server;

/// <summary>
/// An answer other than success, written as an RFC 9457 problem details document by <see cref="ProblemMiddleware"/>
/// with its status code (docs/server.md, "Errors").
/// </summary>
internal sealed class ApiProblemException(int status, string title, string detail, string? code = null) : Exception(detail)
{
    public int Status { get; } = status;

    public string Title { get; } = title;

    /// <summary>A C2PA status code or a short machine-readable reason, as the <c>code</c> extension member.</summary>
    public string? Code { get; } = code;

    public static ApiProblemException TooLarge(long limit) =>
        new(StatusCodes.Status413PayloadTooLarge, "Upload too large", $"The upload is larger than the {limit}-byte limit.", "upload.tooLarge");

    public static ApiProblemException BadRequest(string detail) => new(StatusCodes.Status400BadRequest, "Bad request", detail);

    public static ApiProblemException Unsupported(string detail) =>
        new(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", detail, "format.unsupported");
}

/// <summary>
/// Turns <see cref="ApiProblemException"/>, Kestrel's own refusals and the request time limit into problem details; a
/// client that went away gets no answer. Nothing of the upload's content is logged.
/// </summary>
internal sealed partial class ProblemMiddleware(RequestDelegate next, ILogger<ProblemMiddleware> logger, IProblemDetailsService problems,
    Microsoft.Extensions.Options.IOptions<VerifierOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var clientAborted = context.RequestAborted;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(clientAborted);
        var isApi = context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            || context.Request.Path.StartsWithSegments("/softbinding", StringComparison.OrdinalIgnoreCase);
        if (isApi)
        {
            deadline.CancelAfter(options.Value.RequestTimeout);
            context.RequestAborted = deadline.Token;
        }

        try
        {
            await next(context);
        }
        catch (ApiProblemException e)
        {
            await WriteAsync(context, e.Status, e.Title, e.Message, e.Code);
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's limits: 413 for a body past MaxRequestBodySize, 400 for a malformed request.
            await WriteAsync(context, e.StatusCode, e.StatusCode == 413 ? "Upload too large" : "Bad request", e.Message, null);
        }
        catch (InvalidDataException e) when (!clientAborted.IsCancellationRequested)
        {
            // The multipart reader's refusals (a part's headers too long, a malformed boundary).
            await WriteAsync(context, 400, "Bad request", e.Message, null);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && clientAborted.IsCancellationRequested)
        {
            LogClientAborted(logger, context.Request.Path);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            LogTimeout(logger, context.Request.Path, options.Value.RequestTimeout);
            await WriteAsync(context, StatusCodes.Status504GatewayTimeout, "Time limit exceeded",
                $"The request did not finish within the {options.Value.RequestTimeout.TotalSeconds:0.#}-second limit.", "request.timeout");
        }
        finally
        {
            context.RequestAborted = clientAborted;
        }
    }

    private async Task WriteAsync(HttpContext context, int status, string title, string detail, string? code)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.Clear();
        context.Response.StatusCode = status;
        if (status == StatusCodes.Status413PayloadTooLarge)
        {
            // The rest of the body is never read: close the connection instead of draining it.
            context.Response.Headers.Connection = "close";
        }

        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = status, Title = title, Detail = detail };
        if (code is not null)
        {
            problem.Extensions["code"] = code;
        }

        if (!await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }))
        {
            // The client's Accept names no JSON (e.g. only application/c2pa): the problem document is sent all the same (RFC 9457 §3).
            context.Response.ContentType = "application/problem+json";
            var json = new System.Text.Json.Nodes.JsonObject { ["status"] = status, ["title"] = title, ["detail"] = detail, ["code"] = code };
            await context.Response.WriteAsync(json.ToJsonString(), context.RequestAborted);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Client went away during {Path}")]
    private static partial void LogClientAborted(ILogger logger, PathString path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request {Path} exceeded the {Timeout} time limit")]
    private static partial void LogTimeout(ILogger logger, PathString path, TimeSpan timeout);
}
