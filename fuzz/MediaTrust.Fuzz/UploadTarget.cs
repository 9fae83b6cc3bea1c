using System.Text;
using MediaTrust.Server;
using Microsoft.AspNetCore.Http;

namespace MediaTrust.Fuzz;

/// <summary>
/// The web verifier's upload path (docs/server.md, "Security"): the input is one HTTP request body, received by the
/// server's own <c>UploadReceiver</c> in-process (no sockets) as <c>POST /api/v1/trust</c> receives it, so every part
/// kind is allowed. The input's first line (up to <c>\n</c>, at most 256 bytes) is the <c>Content-Type</c> header, the rest
/// the body: a raw upload (<c>application/octet-stream</c>) or <c>multipart/form-data; boundary=…</c> with parts
/// <c>file</c>, <c>fragment</c>, <c>sidecar</c>, <c>profile</c>. Small limits, so the 413 paths are reached with fuzzer-sized
/// inputs. Besides the exception contract, a spooled file left behind after the upload is disposed is a finding.
/// </summary>
internal static class UploadTarget
{
    private const int MaxContentTypeLength = 256;

    private static readonly Lazy<(UploadFolder Folder, UploadReceiver Receiver)> Server = new(() =>
    {
        var options = Microsoft.Extensions.Options.Options.Create(new VerifierOptions
        {
            MaxUploadBytes = 64 << 10,
            MaxSidecarBytes = 16 << 10,
            MaxProfileBytes = 16 << 10,
            MaxFragments = 8,
        });
        var folder = new UploadFolder(options);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => folder.Dispose();
        return (folder, new UploadReceiver(folder, options));
    });

    public static void Receive(byte[] input)
    {
        var (folder, receiver) = Server.Value;
        var newline = Array.IndexOf(input, (byte)'\n', 0, Math.Min(input.Length, MaxContentTypeLength + 1));
        var contentType = newline < 0 ? null : Encoding.Latin1.GetString(input, 0, newline).TrimEnd('\r');
        var body = newline < 0 ? input : input[(newline + 1)..];
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentType = string.IsNullOrEmpty(contentType) ? null : contentType;
        context.Request.ContentLength = body.Length;
        context.Request.Body = new MemoryStream(body, writable: false);
        try
        {
            var upload = receiver.ReceiveAsync(context, allowProfile: true).GetAwaiter().GetResult();
            upload.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        catch (Exception e) when (IsDocumented(e))
        {
            // A client error: checked below like a success, then rethrown for the harness.
            AssertNothingLeft(folder);
            throw;
        }

        AssertNothingLeft(folder);
    }

    /// <summary>Every spooled part is deleted when its upload is disposed, or when receiving fails part-way.</summary>
    private static void AssertNothingLeft(UploadFolder folder)
    {
        if (Directory.EnumerateFileSystemEntries(folder.Path).Any())
        {
            throw new InvalidOperationException("the upload left a file in the upload folder");
        }
    }

    /// <summary>
    /// What the server answers as a client error: its own problems (400, 413, 415) and the multipart reader's refusals,
    /// which <c>ProblemMiddleware</c> turns into 400.
    /// </summary>
    public static bool IsDocumented(Exception e) => e is ApiProblemException or InvalidDataException;
}
