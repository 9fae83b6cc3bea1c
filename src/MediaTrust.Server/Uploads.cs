using System.Buffers;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace MediaTrust.Server;

/// <summary>
/// The private folder uploads are spooled to: mode 0700 inside the configured temporary folder, one per process, removed
/// at shutdown. Each upload is a file of mode 0600 in it, deleted when its request ends (docs/server.md, "Limits").
/// </summary>
internal sealed class UploadFolder : IDisposable
{
    public UploadFolder(Microsoft.Extensions.Options.IOptions<VerifierOptions> options)
    {
        var parent = options.Value.TempDirectory ?? System.IO.Path.GetTempPath();
        Path = System.IO.Path.Combine(parent, "mediatrust-uploads-" + System.IO.Path.GetRandomFileName());
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(Path);
        }
        else
        {
            Directory.CreateDirectory(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>The folder.</summary>
    public string Path { get; }

    /// <summary>A new empty file of mode 0600, deleted when the returned stream is disposed.</summary>
    public FileStream CreateFile(string extension) => CreateFileAt(System.IO.Path.Combine(Path, System.IO.Path.GetRandomFileName() + extension));

    /// <summary>A new empty file of mode 0600 at <paramref name="path"/> (inside this folder), deleted when the stream is disposed.</summary>
    public static FileStream CreateFileAt(string path)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.Read,
            BufferSize = 1 << 16,
            Options = FileOptions.Asynchronous | FileOptions.DeleteOnClose,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return new FileStream(path, options);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still open at shutdown; the OS temporary folder cleaner removes the rest.
        }
    }
}

/// <summary>One uploaded file: spooled to disk, never held in memory whole.</summary>
internal sealed class UploadedFile(string name, FileStream content)
{
    /// <summary>The name the client gave (display only: the format is found from the bytes).</summary>
    public string Name { get; } = name;

    public FileStream Content { get; } = content;

    public long Length => Content.Length;

    public string Path => Content.Name;
}

/// <summary>
/// What one request uploaded: the asset (or a fragmented MP4's initialization segment), its fragments, a sidecar
/// <c>.c2pa</c> store and a Trust Profile. Disposed with the response (or when the client goes away), which deletes the files.
/// </summary>
internal sealed class Upload : IAsyncDisposable
{
    public UploadedFile? Asset { get; set; }

    public List<UploadedFile> Fragments { get; } = [];

    public byte[]? Sidecar { get; set; }

    public string? Profile { get; set; }

    /// <summary>Bytes received, all parts together.</summary>
    public long TotalBytes { get; set; }

    public async ValueTask DisposeAsync()
    {
        if (Asset is not null)
        {
            await Asset.Content.DisposeAsync();
        }

        foreach (var fragment in Fragments)
        {
            await fragment.Content.DisposeAsync();
        }
    }
}

/// <summary>
/// Receives an upload as <c>multipart/form-data</c> (parts <c>file</c>, <c>fragment</c> (repeatable), <c>sidecar</c>,
/// <c>profile</c>) or as the raw request body, streaming each file to <see cref="UploadFolder"/> while counting bytes
/// against <see cref="VerifierOptions.MaxUploadBytes"/>: a declared length past the limit is refused before anything is read.
/// </summary>
internal sealed class UploadReceiver(UploadFolder folder, Microsoft.Extensions.Options.IOptions<VerifierOptions> options)
{
    /// <summary>Room for multipart boundaries and part headers on top of the file bytes.</summary>
    private const long MultipartOverhead = 1 << 20;

    public async Task<Upload> ReceiveAsync(HttpContext context, bool allowProfile)
    {
        var limits = options.Value;
        var request = context.Request;
        var contentType = request.ContentType;
        var isMultipart = contentType is not null && contentType.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase);
        if (request.ContentLength is { } declared && declared > limits.MaxUploadBytes + (isMultipart ? MultipartOverhead : 0))
        {
            throw ApiProblemException.TooLarge(limits.MaxUploadBytes);
        }

        if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = limits.MaxUploadBytes + MultipartOverhead;
        }

        if (contentType is not null && IsNotAFile(contentType))
        {
            throw ApiProblemException.Unsupported(
                $"Send the file as multipart/form-data (part 'file') or as the raw body (e.g. application/octet-stream), not as {MediaTypeOnly(contentType)}.");
        }

        var upload = new Upload();
        try
        {
            if (isMultipart)
            {
                await ReceiveMultipartAsync(context, upload, allowProfile);
            }
            else
            {
                var name = request.Query["name"].FirstOrDefault() ?? "upload";
                upload.Asset = await SpoolAsync(request.Body, name, upload, context.RequestAborted);
            }

            if (upload.Asset is null || upload.Asset.Length == 0)
            {
                throw ApiProblemException.BadRequest("No file was sent: send it as the raw body or as the multipart part 'file'.");
            }

            return upload;
        }
        catch
        {
            await upload.DisposeAsync();
            throw;
        }
    }

    private static bool IsNotAFile(string contentType)
    {
        var media = MediaTypeOnly(contentType);
        return media is "application/x-www-form-urlencoded" or "application/json" || media.StartsWith("text/", StringComparison.Ordinal) && media != "text/xml";
    }

    private static string MediaTypeOnly(string contentType) => contentType.Split(';')[0].Trim().ToLowerInvariant();

    private async Task ReceiveMultipartAsync(HttpContext context, Upload upload, bool allowProfile)
    {
        var limits = options.Value;
        var boundary = MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var parsed)
            ? HeaderUtilities.RemoveQuotes(parsed.Boundary).Value
            : null;
        if (string.IsNullOrEmpty(boundary) || boundary.Length > 256)
        {
            throw ApiProblemException.BadRequest("The multipart/form-data content type has no valid boundary.");
        }

        var reader = new MultipartReader(boundary, context.Request.Body) { HeadersLengthLimit = 16 << 10, BodyLengthLimit = limits.MaxUploadBytes + 1 };
        try
        {
            await ReceiveSectionsAsync(context, reader, upload, allowProfile);
        }
        catch (IOException e) when (e.Source == typeof(MultipartReader).Assembly.GetName().Name && !context.RequestAborted.IsCancellationRequested)
        {
            // The multipart reader's "Unexpected end of Stream": the body ended before its closing boundary although the
            // client sent all of it. A client's mistake (400), not a server error; found by the `upload` fuzz target.
            throw ApiProblemException.BadRequest("The multipart/form-data body ends before its closing boundary.");
        }
    }

    private async Task ReceiveSectionsAsync(HttpContext context, MultipartReader reader, Upload upload, bool allowProfile)
    {
        var limits = options.Value;
        while (await reader.ReadNextSectionAsync(context.RequestAborted) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
            {
                throw ApiProblemException.BadRequest("Every multipart part needs a Content-Disposition: form-data header.");
            }

            var field = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
            var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
            switch (field)
            {
                case "file" or "asset" or "init":
                    if (upload.Asset is not null)
                    {
                        throw ApiProblemException.BadRequest("Send one asset per request (part 'file'); fragments go in parts named 'fragment'.");
                    }

                    upload.Asset = await SpoolAsync(section.Body, fileName ?? "upload", upload, context.RequestAborted);
                    break;
                case "fragment" or "fragments":
                    if (upload.Fragments.Count >= limits.MaxFragments)
                    {
                        throw ApiProblemException.BadRequest($"More than {limits.MaxFragments} fragments.");
                    }

                    upload.Fragments.Add(await SpoolAsync(section.Body, fileName ?? "fragment", upload, context.RequestAborted));
                    break;
                case "sidecar" or "manifest":
                    upload.Sidecar = await ReadSmallAsync(section.Body, limits.MaxSidecarBytes, "sidecar", upload, context.RequestAborted);
                    break;
                case "profile" when allowProfile:
                    var bytes = await ReadSmallAsync(section.Body, limits.MaxProfileBytes, "profile", upload, context.RequestAborted);
                    upload.Profile = System.Text.Encoding.UTF8.GetString(bytes);
                    break;
                default:
                    throw ApiProblemException.BadRequest($"Unexpected multipart part '{field}': expected file, fragment, sidecar{(allowProfile ? " or profile" : "")}.");
            }
        }
    }

    private async Task<UploadedFile> SpoolAsync(Stream body, string name, Upload upload, CancellationToken cancellationToken)
    {
        var file = folder.CreateFile(".upload");
        try
        {
            await CopyBoundedAsync(body, file, upload, cancellationToken);
            await file.FlushAsync(cancellationToken);
            file.Position = 0;
            return new UploadedFile(SafeName(name), file);
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    private async Task<byte[]> ReadSmallAsync(Stream body, long limit, string what, Upload upload, CancellationToken cancellationToken)
    {
        using var memory = new MemoryStream();
        var before = upload.TotalBytes;
        await CopyBoundedAsync(body, memory, upload, cancellationToken);
        if (upload.TotalBytes - before > limit)
        {
            throw new ApiProblemException(StatusCodes.Status413PayloadTooLarge, "Upload too large", $"The {what} is larger than the {limit}-byte limit.", "upload.tooLarge");
        }

        return memory.ToArray();
    }

    private async Task CopyBoundedAsync(Stream source, Stream target, Upload upload, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxUploadBytes;
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                upload.TotalBytes += read;
                if (upload.TotalBytes > limit)
                {
                    throw ApiProblemException.TooLarge(limit);
                }

                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The client's file name reduced to its last part and 200 characters: it is shown, never used as a path.</summary>
    private static string SafeName(string name)
    {
        var last = name.Replace('\\', '/').Split('/')[^1];
        var clean = new string([.. last.Where(c => !char.IsControl(c))]);
        return clean.Length == 0 ? "upload" : clean.Length > 200 ? clean[..200] : clean;
    }
}
