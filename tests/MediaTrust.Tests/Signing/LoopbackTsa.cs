using System.Net;
using System.Security.Cryptography.Pkcs;
using MediaTrust.Pki;
using MediaTrust.Testing;

namespace MediaTrust.Signing;

/// <summary>An RFC 3161 TSA over HTTP on 127.0.0.1, answering with <see cref="TestTimeStampAuthority"/> tokens.</summary>
internal sealed class LoopbackTsa : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public LoopbackTsa(TestPki pki)
    {
        var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = new Uri($"http://127.0.0.1:{port}/tsa/");
        _listener.Prefixes.Add(Url.AbsoluteUri);
        _listener.Start();
        _loop = Task.Run(async () =>
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                Requests++;
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                Assert.True(Rfc3161TimestampRequest.TryDecode(body.ToArray(), out var request, out _));
                var token = MediaTrust.Pki.TestTimeStampAuthority.IssueForDigest(pki.TimeStampAuthority, [pki.Intermediate.Certificate],
                    request!.GetMessageHash().ToArray(), request.HashAlgorithmId.Value!, DateTimeOffset.UtcNow.AddMinutes(-1), request.GetNonce()!.Value);
                var response = MediaTrust.Pki.TestTimeStampAuthority.WrapAsResponse(token);
                context.Response.ContentType = "application/timestamp-reply";
                await context.Response.OutputStream.WriteAsync(response);
                context.Response.Close();
            }
        });
    }

    public Uri Url { get; }

    public int Requests { get; private set; }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
