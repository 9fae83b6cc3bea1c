using System.Data.Common;
using System.Globalization;
using System.Text;
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

    /// <summary>
    /// The benchmarks' bulk insert through <c>COPY … FROM STDIN</c> (text format): one stream per table instead of two
    /// round trips per row, which on a busy machine waited for the scheduler more than PostgreSQL worked (docs/benchmarks.md).
    /// </summary>
    internal override async Task BulkInsertAsync(IEnumerable<(string ManifestId, string Algorithm, byte[] Value)> entries, CancellationToken cancellationToken = default)
    {
        var rows = entries.ToList();
        foreach (var (id, alg, _) in rows)
        {
            // COPY's text format would need these escaped; the benchmarks' ids and algorithms never hold them.
            if (id.AsSpan().IndexOfAny("\t\n\r\\") >= 0 || alg.AsSpan().IndexOfAny("\t\n\r\\") >= 0)
            {
                throw new ArgumentException("bulk-inserted ids and algorithms may not contain tabs, line breaks or backslashes", nameof(entries));
            }
        }

        await using var connection = (NpgsqlConnection)await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var now = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        await using (var manifests = await connection.BeginTextImportAsync("COPY manifests (id, store, verdict, failures, size, stored_at) FROM STDIN", cancellationToken))
        {
            foreach (var (id, _, _) in rows)
            {
                await manifests.WriteAsync($"{id}\t\\\\x\tNotValidated\t\t0\t{now}\n");
            }
        }

        await using (var bindings = await connection.BeginTextImportAsync(
            $"COPY bindings (manifest_id, alg, value, bits, {string.Join(", ", Enumerable.Range(0, MaxChunks).Select(i => $"c{i}"))}) FROM STDIN", cancellationToken))
        {
            var line = new StringBuilder();
            foreach (var (id, alg, value) in rows)
            {
                var chunks = ChunksOf(alg, value);
                line.Clear().Append(id).Append('\t').Append(alg).Append("\t\\\\x").Append(Convert.ToHexStringLower(value))
                    .Append('\t').Append(chunks.Length * 16);
                for (var i = 0; i < MaxChunks; i++)
                {
                    line.Append('\t');
                    if (i < chunks.Length)
                    {
                        line.Append(chunks[i]);
                    }
                    else
                    {
                        line.Append("\\N");
                    }
                }

                await bindings.WriteAsync(line.Append('\n').ToString());
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private protected override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);
}
