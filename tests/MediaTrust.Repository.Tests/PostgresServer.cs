using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace MediaTrust.Repository;

/// <summary>
/// A throwaway PostgreSQL server for the Database tests: Debian's binaries (<c>apt-get install postgresql</c>), a cluster
/// made by <c>initdb</c> in a temporary folder, listening on 127.0.0.1 at a free port, run as the <c>postgres</c> user
/// when the tests run as root (PostgreSQL refuses root). Without the binaries the tests skip with the reason; with
/// <c>CI=true</c> they fail instead, so CI cannot pass without having run them.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private string? _directory;
    private string? _binaries;
    private bool _asPostgres;

    /// <summary>Why the server is not running, or null when it is.</summary>
    public string? Unavailable { get; private set; }

    /// <summary>The connection string of the server's maintenance database.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>Skips (or, under CI, fails) the calling test when the server could not be started.</summary>
    public void Require()
    {
        if (Unavailable is { } reason)
        {
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail($"{reason} (CI=true: the Database tests must run; .ci/run installs postgresql)");
            }

            Assert.Skip(reason);
        }
    }

    /// <summary>A new, empty database on the server, for one test.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "t" + Guid.NewGuid().ToString("N");
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ToString();
    }

    public async ValueTask InitializeAsync()
    {
        _binaries = FindBinaries();
        if (_binaries is null)
        {
            Unavailable = "PostgreSQL's initdb and pg_ctl were not found (apt-get install -y postgresql)";
            return;
        }

        _asPostgres = Environment.UserName == "root";
        _directory = Directory.CreateTempSubdirectory("mediatrust-pg-").FullName;
        var data = Path.Combine(_directory, "data");
        var port = FreePort();
        if (_asPostgres)
        {
            await RunAsync("chown", ["-R", "postgres:postgres", _directory], asPostgres: false);
        }

        var (initCode, initOutput) = await RunAsync(Path.Combine(_binaries, "initdb"), ["-D", data, "-U", "mediatrust", "--auth=trust", "-E", "UTF8", "--no-sync"], _asPostgres);
        if (initCode != 0)
        {
            Unavailable = $"initdb failed: {initOutput}";
            return;
        }

        var (startCode, startOutput) = await RunAsync(Path.Combine(_binaries, "pg_ctl"),
            ["-D", data, "-l", Path.Combine(_directory, "server.log"), "-w", "-t", "60", "-o", $"-p {port} -k {_directory} -c listen_addresses=127.0.0.1 -c fsync=off", "start"], _asPostgres);
        if (startCode != 0)
        {
            Unavailable = $"pg_ctl start failed: {startOutput}";
            return;
        }

        ConnectionString = new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = port, Username = "mediatrust", Database = "postgres", Pooling = true }.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_binaries is not null && _directory is not null && Unavailable is null)
        {
            await RunAsync(Path.Combine(_binaries, "pg_ctl"), ["-D", Path.Combine(_directory, "data"), "-m", "fast", "-w", "stop"], _asPostgres);
        }

        if (_directory is not null)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static string? FindBinaries()
    {
        var candidates = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => d, StringComparer.Ordinal).Select(d => Path.Combine(d, "bin"))
            : [];
        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<(int Code, string Output)> RunAsync(string program, string[] arguments, bool asPostgres)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/tmp" };
        if (asPostgres)
        {
            foreach (var prefix in new[] { "-u", "postgres", "--", program })
            {
                start.ArgumentList.Add(prefix);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, (await output) + (await error));
    }
}
