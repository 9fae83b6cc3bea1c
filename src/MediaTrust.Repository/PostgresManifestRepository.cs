using System.Data.Common;
using Npgsql;

namespace MediaTrust.Repository;

/// <summary>
/// The repository on PostgreSQL, for scale: the same schema and queries, migrated under an advisory lock. The connection
/// comes from Npgsql's slim data source (text, integers, bytea: all the schema uses; and integer arrays, one per chunk of a
/// fingerprint lookup), which trims and compiles ahead of time.
/// </summary>
public sealed class PostgresManifestRepository : SqlManifestRepository
{
    /// <summary>The advisory lock key that serialises migrations of one database (any constant; "MTRP" in ASCII).</summary>
    private const long MigrationLock = 0x4D545250;

    private static readonly SqlDialect PostgresDialect = new(
        "now()",
        limit => $"LIMIT {limit}",
        $"SELECT pg_advisory_xact_lock({MigrationLock})",
        [SqlDialect.SchemaV1("BYTEA", "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY", "TIMESTAMPTZ"), SqlDialect.SchemaV2()])
    {
        // An index-only scan reads the table for every entry of a page not marked all-visible: without a vacuum after a
        // million inserts, each of a lookup's thousands of candidates costs a table read.
        AfterBulkInsert = ["VACUUM (ANALYZE) manifests", "VACUUM (ANALYZE) bindings"],
        ArrayParameters = true,
    };

    private readonly NpgsqlDataSource _dataSource;

    private PostgresManifestRepository(NpgsqlDataSource dataSource, RepositoryOptions? options)
        : base(options) => _dataSource = dataSource;

    private protected override SqlDialect Dialect => PostgresDialect;

    /// <summary>Connects to the database named by <paramref name="connectionString"/> and creates or migrates the schema.</summary>
    public static async Task<PostgresManifestRepository> OpenAsync(string connectionString, RepositoryOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var repository = new PostgresManifestRepository(new NpgsqlSlimDataSourceBuilder(connectionString).EnableArrays().Build(), options);
        try
        {
            await using var connection = await repository.OpenAsync(cancellationToken);
            await repository.MigrateAsync(connection, cancellationToken);
            return repository;
        }
        catch
        {
            await repository.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc/>
    public override async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        await base.DisposeAsync();
    }

    private protected override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);
}
