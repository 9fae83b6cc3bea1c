using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace MediaTrust.Repository;

/// <summary>
/// The embedded repository: one SQLite file, no set-up (write-ahead log, foreign keys on, one connection per operation
/// from the driver's pool).
/// </summary>
public sealed class SqliteManifestRepository : SqlManifestRepository
{
    /// <summary>The most of the file each connection maps into memory: 4 GiB (address space, not memory).</summary>
    private const long MmapBytes = 4L << 30;

    /// <summary>The page cache of each connection, in KiB: 64 MiB.</summary>
    private const int CacheKibibytes = 64 * 1024;

    private static readonly SqlDialect SqliteDialect = new(
        "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
        limit => $"LIMIT {limit}",
        null,
        [SqlDialect.SchemaV1("BLOB", "INTEGER PRIMARY KEY", "TEXT"), SqlDialect.SchemaV2()]);

    private readonly string _connectionString;

    private SqliteManifestRepository(string connectionString, RepositoryOptions? options)
        : base(options) => _connectionString = connectionString;

    private protected override SqlDialect Dialect => SqliteDialect;

    /// <summary>
    /// A bulk insert dirties pages all over the 16 chunk indexes: with a cache that holds them, each page is written once
    /// at the commit instead of being spilled and read again (512 MiB, for this connection only: the next open of the
    /// pooled connection sets the usual size again).
    /// </summary>
    private protected override string? BulkSetup => "PRAGMA cache_size = -524288";

    /// <summary>
    /// Microsoft.Data.Sqlite prepares a command's statement again for every new command: a lookup's statement (16 selects,
    /// 272 parameters) is kept prepared on a connection kept for the next lookup, and the connection's settings are not
    /// applied again either.
    /// </summary>
    private protected override bool KeepsLookupSessions => true;

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

        // Per connection (a pooled one keeps them, and setting them again costs microseconds). A fingerprint lookup
        // reads a few hundred index pages and thousands of rows at random: with SQLite's default 2 MB page cache and
        // read() per page, 1 million fingerprints took 77 ms a query and 798 inserts a second. Reading through a
        // memory map (at most MmapBytes of address space; pages stay in the OS cache, shared by every connection) and a
        // larger cache for the pages a write dirties keep the lookup and the ingest off the disk (docs/benchmarks.md).
        await using var pragmas = connection.CreateCommand();
        pragmas.CommandText = $"PRAGMA mmap_size = {MmapBytes}; PRAGMA cache_size = -{CacheKibibytes}; PRAGMA temp_store = MEMORY";
        await pragmas.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

}
