using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MediaTrust.Formats.Remote;

/// <summary>
/// A scripted HTTP/1.1 server on 127.0.0.1 with a random port: each connection reads one request and answers with
/// what <see cref="Respond"/> writes for its path. Only loopback is ever contacted.
/// </summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<string, NetworkStream, CancellationToken, Task> _respond;
    private readonly Task _loop;

    public LoopbackServer(Func<string, NetworkStream, CancellationToken, Task> respond)
    {
        _respond = respond;
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    public int Requests { get; private set; }

    public string Url(string path) => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}{path}";

    public static Task Write(NetworkStream stream, string head, byte[]? body = null, CancellationToken cancellationToken = default) =>
        stream.WriteAsync((byte[])[.. Encoding.ASCII.GetBytes(head), .. body ?? []], cancellationToken).AsTask();

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException or InvalidOperationException) // stopped, possibly before the first accept
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                using (client)
                {
                    try
                    {
                        var stream = client.GetStream();
                        var path = await ReadRequestPathAsync(stream);
                        Requests++;
                        await _respond(path, stream, _stop.Token);
                    }
                    catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
                    {
                        // The client went away (timeout tests) or the server is stopping.
                    }
                }
            });
        }
    }

    private static async Task<string> ReadRequestPathAsync(NetworkStream stream)
    {
        var head = new StringBuilder();
        var buffer = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && head.Length < 16384)
        {
            if (await stream.ReadAsync(buffer) == 0)
            {
                break;
            }

            head.Append((char)buffer[0]);
        }

        var line = head.ToString().Split("\r\n")[0].Split(' ');
        return line.Length > 1 ? line[1] : "/";
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }
}
