using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace MediaTrust.Repository;

/// <summary>
/// The embedded repository: one SQLite file, no set-up (write-ahead log, foreign keys on, one connection per operation
/// from the driver's pool).
/// </summary>
public sealed class SqliteManifestRepository : SqlManifestRepository
{
    private static readonly SqlDialect SqliteDialect = new(
        "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
        limit => $"LIMIT {limit}",
        null,
        [SqlDialect.SchemaV1("BLOB", "INTEGER PRIMARY KEY", "TEXT")]);

    private readonly string _connectionString;

    private SqliteManifestRepository(string connectionString, RepositoryOptions? options)
        : base(options) => _connectionString = connectionString;

    private protected override SqlDialect Dialect => SqliteDialect;

    /// <summary>Opens (and creates or migrates) the repository in the SQLite file at <paramref name="path"/>.</summary>
    public static async Task<SqliteManifestRepository> OpenAsync(string path, RepositoryOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true, ForeignKeys = true }.ToString();
        var repository = new SqliteManifestRepository(connectionString, options);
        await using var connection = await repository.OpenAsync(cancellationToken);
        await using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode = WAL";
            await wal.ExecuteNonQueryAsync(cancellationToken);
        }

        await repository.MigrateAsync(connection, cancellationToken);
        return repository;
    }

    private protected override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString) { DefaultTimeout = 30 };
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}
