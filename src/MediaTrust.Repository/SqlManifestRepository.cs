using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace MediaTrust.Repository;

/// <summary>
/// The repository over a SQL database, shared by both backends; <see cref="SqlDialect"/> holds what differs.
/// A fingerprint is kept with its bits split into 16-bit chunks, one indexed column each (<c>c0</c>…<c>c15</c>): multi-index
/// hashing (Norouzi, Punjani and Fleet, 2012). Two fingerprints within distance r of each other agree within
/// ⌊r / m⌋ bits on at least one of their m chunks (pigeonhole), so a query looks up, per chunk, every value within
/// that many bits of its own chunk, and only the rows found are compared bit for bit.
/// </summary>
public abstract class SqlManifestRepository : IManifestRepository
{
    /// <summary>Chunks of 16 bits: up to 256-bit fingerprints.</summary>
    internal const int MaxChunks = 16;

    private const int ChunkBits = 16;

    /// <summary>Per-chunk radius at most 2 (137 values of a 16-bit chunk); a wider search is clamped to what that finds.</summary>
    private const int MaxChunkRadius = 2;

    /// <summary>The most idle lookup connections kept (<see cref="KeepsLookupSessions"/>).</summary>
    private const int MaxIdleSessions = 8;

    private readonly RepositoryOptions _options;
    private readonly ConcurrentDictionary<(int Chunks, int ChunkRadius), CandidateStatement> _candidateQueries = new();
    private readonly ConcurrentBag<LookupSession> _idleSessions = [];
    private volatile bool _disposed;

    private protected SqlManifestRepository(RepositoryOptions? options) => _options = options ?? new RepositoryOptions();

    private protected abstract SqlDialect Dialect { get; }

    /// <summary>A statement run on the connection of a bulk insert before it starts (e.g. a larger page cache), if any.</summary>
    private protected virtual string? BulkSetup => null;

    private protected abstract ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <inheritdoc/>
    public async Task<StoredManifest> StoreAsync(ReadOnlyMemory<byte> manifestStore, CancellationToken cancellationToken = default)
    {
        var (id, verdict, failures, bindings) = await StoreAdmission.AdmitAsync(manifestStore, _options, cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, "DELETE FROM manifests WHERE id = @id", cancellationToken, ("id", id));
        await ExecuteAsync(connection, transaction, $"INSERT INTO manifests (id, store, verdict, failures, size, stored_at) VALUES (@id, @store, @verdict, @failures, @size, {Dialect.Now})",
            cancellationToken, ("id", id), ("store", manifestStore.ToArray()), ("verdict", verdict), ("failures", string.Join(' ', failures)), ("size", (long)manifestStore.Length));
        foreach (var binding in bindings)
        {
            await InsertBindingAsync(connection, transaction, id, binding.Algorithm, binding.Value, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new StoredManifest(id, verdict, failures, bindings, manifestStore.Length);
    }

    /// <inheritdoc/>
    public async Task<byte[]?> GetStoreAsync(string manifestId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT store FROM manifests WHERE id = @id", ("id", manifestId));
        return await command.ExecuteScalarAsync(cancellationToken) as byte[];
    }

    /// <inheritdoc/>
    public async Task<StoredManifest?> GetAsync(string manifestId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        string verdict, failures;
        long size;
        await using (var command = Command(connection, null, "SELECT verdict, failures, size FROM manifests WHERE id = @id", ("id", manifestId)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            (verdict, failures, size) = (reader.GetString(0), reader.GetString(1), reader.GetInt64(2));
        }

        var bindings = new List<StoredBinding>();
        await using (var command = Command(connection, null, "SELECT alg, value FROM bindings WHERE manifest_id = @id ORDER BY id", ("id", manifestId)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                bindings.Add(new StoredBinding(reader.GetString(0), (byte[])reader.GetValue(1)));
            }
        }

        return new StoredManifest(manifestId, verdict, failures.Split(' ', StringSplitOptions.RemoveEmptyEntries), bindings, size);
    }

    /// <inheritdoc/>
    public async Task<bool> DeleteAsync(string manifestId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // Bindings go with their manifest (ON DELETE CASCADE, and said here too so no backend setting can leave them behind).
        await ExecuteAsync(connection, transaction, "DELETE FROM bindings WHERE manifest_id = @id", cancellationToken, ("id", manifestId));
        var deleted = await ExecuteAsync(connection, transaction, "DELETE FROM manifests WHERE id = @id", cancellationToken, ("id", manifestId));
        await transaction.CommitAsync(cancellationToken);
        return deleted > 0;
    }

    /// <inheritdoc/>
    public async Task<bool> AddBindingAsync(string manifestId, string algorithm, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(algorithm);
        if (value.Length == 0 || value.Length > _options.MaxBindingValueBytes)
        {
            throw new RepositoryRejectedException($"a binding value must be 1 to {_options.MaxBindingValueBytes} bytes");
        }

        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var exists = Command(connection, transaction, "SELECT COUNT(*) FROM manifests WHERE id = @id", ("id", manifestId)))
        {
            if (Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                return false;
            }
        }

        await using (var count = Command(connection, transaction, "SELECT COUNT(*) FROM bindings WHERE manifest_id = @id", ("id", manifestId)))
        {
            if (Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) >= _options.MaxBindingsPerManifest)
            {
                throw new RepositoryRejectedException($"the manifest already has {_options.MaxBindingsPerManifest} bindings");
            }
        }

        await InsertBindingAsync(connection, transaction, manifestId, algorithm, value.ToArray(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <inheritdoc/>
    public async Task<bool> MoveBindingAsync(string? algorithm, ReadOnlyMemory<byte> value, string manifestId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(manifestId);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var exists = Command(connection, transaction, "SELECT COUNT(*) FROM manifests WHERE id = @id", ("id", manifestId)))
        {
            if (Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == 0)
            {
                return false;
            }
        }

        var moved = algorithm is null
            ? await ExecuteAsync(connection, transaction, "UPDATE bindings SET manifest_id = @id WHERE value = @value", cancellationToken, ("id", manifestId), ("value", value.ToArray()))
            : await ExecuteAsync(connection, transaction, "UPDATE bindings SET manifest_id = @id WHERE alg = @alg AND value = @value", cancellationToken,
                ("id", manifestId), ("alg", algorithm), ("value", value.ToArray()));
        await transaction.CommitAsync(cancellationToken);
        return moved > 0;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<BindingMatch>> FindAsync(string algorithm, ReadOnlyMemory<byte> value, int limit = 10, int? maxDistance = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(algorithm);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        limit = Math.Min(limit, 1000);
        if (FingerprintAlgorithms.Bits(algorithm, value) is { } bits && bits.Length % 2 == 0 && bits.Length / 2 <= MaxChunks)
        {
            var bitCount = bits.Length * 8;
            var radius = Math.Min(maxDistance ?? FingerprintAlgorithms.DefaultMaxDistance(algorithm, bitCount), bitCount);
            var session = await RentLookupSessionAsync(cancellationToken);
            try
            {
                var found = await FindNearAsync(session, algorithm, value, bits, limit, radius, cancellationToken);
                await ReturnLookupSessionAsync(session);
                return found;
            }
            catch
            {
                await session.DisposeAsync();
                throw;
            }
        }

        var matches = new List<BindingMatch>();
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, $"SELECT DISTINCT manifest_id FROM bindings WHERE alg = @alg AND value = @value ORDER BY manifest_id {Dialect.Limit("@limit")}",
            ("alg", algorithm), ("value", value.ToArray()), ("limit", limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            matches.Add(new BindingMatch(reader.GetString(0), algorithm, value.ToArray(), 0, 100));
        }

        return matches;
    }

    /// <summary>The fingerprint lookup of <see cref="FindAsync"/>: multi-index hashing, then the rows within the radius.</summary>
    private async Task<IReadOnlyList<BindingMatch>> FindNearAsync(LookupSession session, string algorithm, ReadOnlyMemory<byte> value, ReadOnlyMemory<byte> bits,
        int limit, int radius, CancellationToken cancellationToken)
    {
        var chunks = Chunks(bits.Span);
        var chunkRadius = Math.Min(MaxChunkRadius, radius / chunks.Length);

        // Per chunk, every row whose chunk lies within the chunk radius: the chunk index, which holds the value, answers it
        // alone (version 2 of the schema; only the value is selected, so that PostgreSQL, whose index entries do not hold the
        // row id as SQLite's do, can answer from the index too). Thousands of rows come back from a million, nearly all too
        // far: the manifest and algorithm are read only for the values within the radius, in a second, small query by value.
        // The first statement's text depends only on the number of chunks and the chunk radius, so it is prepared once per
        // connection and run again with new values (docs/benchmarks.md).
        var query = CandidateQuery(chunks.Length, chunkRadius);
        var command = await session.CommandAsync(query, cancellationToken);
        SetCandidateParameters(command, chunks, chunkRadius);
        if (!KeepsLookupSessions)
        {
            // Npgsql keeps a prepared statement with the physical connection, across the pool's opens and closes.
            await command.PrepareAsync(cancellationToken);
        }

        // Only the few candidates within the radius are kept. A value of another length (another algorithm sharing the chunk
        // columns) cannot match; the algorithm is checked below. The value is read whole (GetValue): Microsoft.Data.Sqlite's
        // GetBytes and GetStream open an incremental blob on the table row when the row id is in the result, a table read
        // per candidate that the covering index is there to avoid (it made a lookup among a million five times slower).
        var offset = value.Length - bits.Length;
        var near = new Dictionary<string, (int Distance, byte[] Value)>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var stored = (byte[])reader.GetValue(0);
                if (stored.Length == value.Length && HammingDistance(stored.AsSpan(offset), bits.Span) is var distance && distance <= radius)
                {
                    near[Convert.ToHexString(stored)] = (distance, stored);
                }
            }
        }

        // Several manifests may share a value; bindings_by_value (alg, value) finds them all.
        var best = new Dictionary<string, (int Distance, byte[] Value)>(StringComparer.Ordinal);
        foreach (var batch in near.Values.Chunk(500))
        {
            var names = batch.Select((_, n) => $"@v{n}").ToList();
            await using var rows = Command(session.Connection, null, $"SELECT manifest_id, value FROM bindings WHERE alg = @alg AND value IN ({string.Join(", ", names)})",
                [("alg", algorithm), .. batch.Select((candidate, n) => ($"v{n}", (object)candidate.Value))]);
            await using var reader = await rows.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetString(0);
                var (distance, stored) = near[Convert.ToHexString((byte[])reader.GetValue(1))];
                if (!best.TryGetValue(id, out var known) || distance < known.Distance)
                {
                    best[id] = (distance, stored);
                }
            }
        }

        var bitCount = bits.Length * 8;
        return [.. best.OrderBy(b => b.Value.Distance).ThenBy(b => b.Key, StringComparer.Ordinal).Take(limit)
            .Select(b => new BindingMatch(b.Key, algorithm, b.Value.Value, b.Value.Distance, FingerprintAlgorithms.Similarity(b.Value.Distance, bitCount)))];
    }

    /// <summary>
    /// The candidate statement for <paramref name="chunkCount"/> chunks searched within <paramref name="chunkRadius"/> bits:
    /// the stored value of every row with a chunk among the neighbours of the query's.
    /// </summary>
    private CandidateStatement CandidateQuery(int chunkCount, int chunkRadius) =>
        _candidateQueries.GetOrAdd((chunkCount, chunkRadius), key =>
        {
            var (count, chunkRadius) = key;
            var neighbours = NeighbourCount(chunkRadius);
            var sql = new StringBuilder();
            var names = new List<string>();
            for (var i = 0; i < count; i++)
            {
                string condition;
                if (Dialect.ArrayParameters)
                {
                    names.Add($"q{i}");
                    condition = $"c{i} = ANY(@q{i})";
                }
                else
                {
                    var chunkNames = Enumerable.Range(0, neighbours).Select(n => $"q{i}_{n}").ToList();
                    names.AddRange(chunkNames);
                    condition = $"c{i} IN ({string.Join(", ", chunkNames.Select(n => "@" + n))})";
                }

                sql.Append(i == 0 ? "" : " UNION ALL ").Append(CultureInfo.InvariantCulture, $"SELECT value FROM bindings WHERE {condition}");
            }

            return new CandidateStatement(sql.ToString(), [.. names]);
        });

    /// <summary>Puts the neighbours of each chunk into the parameters of <see cref="CandidateQuery"/>'s statement, in its order.</summary>
    private void SetCandidateParameters(DbCommand command, int[] chunks, int chunkRadius)
    {
        var p = 0;
        for (var i = 0; i < chunks.Length; i++)
        {
            if (Dialect.ArrayParameters)
            {
                command.Parameters[p++].Value = Neighbours(chunks[i], chunkRadius).ToArray();
            }
            else
            {
                foreach (var neighbour in Neighbours(chunks[i], chunkRadius))
                {
                    command.Parameters[p++].Value = neighbour;
                }
            }
        }
    }

    /// <summary>Hamming distance of two spans of equal length, eight bytes at a time.</summary>
    private static int HammingDistance(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var distance = 0;
        var i = 0;
        for (; i + 8 <= a.Length; i += 8)
        {
            distance += BitOperations.PopCount(BinaryPrimitives.ReadUInt64LittleEndian(a[i..]) ^ BinaryPrimitives.ReadUInt64LittleEndian(b[i..]));
        }

        for (; i < a.Length; i++)
        {
            distance += BitOperations.PopCount((uint)(a[i] ^ b[i]));
        }

        return distance;
    }

    /// <summary>
    /// Whether lookups keep their connections, each with its prepared statements, for the next lookup (SQLite: the driver
    /// prepares a command again each time it is created); otherwise each lookup opens a pooled connection and prepares its
    /// statement there, which the driver remembers per physical connection (Npgsql).
    /// </summary>
    private protected virtual bool KeepsLookupSessions => false;

    private async ValueTask<LookupSession> RentLookupSessionAsync(CancellationToken cancellationToken) =>
        KeepsLookupSessions && _idleSessions.TryTake(out var idle) ? idle : new LookupSession(await OpenAsync(cancellationToken), KeepsLookupSessions);

    private async ValueTask ReturnLookupSessionAsync(LookupSession session)
    {
        // At most a few are kept (as many as ran at once, up to the bound).
        if (KeepsLookupSessions && !_disposed && _idleSessions.Count < MaxIdleSessions)
        {
            _idleSessions.Add(session);

            // A disposal that ran meanwhile has emptied the bag already: take one back out and close it.
            if (!_disposed || !_idleSessions.TryTake(out var late))
            {
                return;
            }

            session = late;
        }

        await session.DisposeAsync();
    }

    /// <summary>A connection with the statements prepared on it, keyed by their text.</summary>
    private protected sealed class LookupSession(DbConnection connection, bool keepCommands) : IAsyncDisposable
    {
        private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);

        public DbConnection Connection { get; } = connection;

        /// <summary>The statement, prepared with its parameters (values to be set) when the session keeps it, otherwise new.</summary>
        public async ValueTask<DbCommand> CommandAsync(CandidateStatement statement, CancellationToken cancellationToken)
        {
            if (_commands.TryGetValue(statement.Sql, out var kept))
            {
                return kept;
            }

            var command = Command(Connection, null, statement.Sql, [.. statement.ParameterNames.Select(n => (n, (object)0))]);
            _commands[statement.Sql] = command;
            if (keepCommands)
            {
                await command.PrepareAsync(cancellationToken);
            }

            return command;
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var command in _commands.Values)
            {
                await command.DisposeAsync();
            }

            await Connection.DisposeAsync();
        }
    }

    /// <summary>A statement's text and its parameters' names, in order.</summary>
    private protected sealed record CandidateStatement(string Sql, IReadOnlyList<string> ParameterNames);

    /// <inheritdoc/>
    public async Task<(long Manifests, long Bindings)> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT (SELECT COUNT(*) FROM manifests), (SELECT COUNT(*) FROM bindings)");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <inheritdoc/>
    public virtual async ValueTask DisposeAsync()
    {
        _disposed = true;
        while (_idleSessions.TryTake(out var session))
        {
            await session.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Inserts fingerprints of synthetic manifests in one transaction, bypassing admission (benchmarks only): each entry is
    /// a manifest id with an empty store and one binding.
    /// </summary>
    internal virtual async Task BulkInsertAsync(IEnumerable<(string ManifestId, string Algorithm, byte[] Value)> entries, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        if (BulkSetup is { } setup)
        {
            await ExecuteAsync(connection, null, setup, cancellationToken);
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // Two statements prepared once and run with new values: parsing them per row took as long as the inserts.
        var chunkNames = Enumerable.Range(0, MaxChunks).Select(i => $"c{i}").ToArray();
        await using var manifest = Command(connection, transaction, $"INSERT INTO manifests (id, store, verdict, failures, size, stored_at) VALUES (@id, @store, 'NotValidated', '', 0, {Dialect.Now})",
            ("id", ""), ("store", Array.Empty<byte>()));
        await using var binding = Command(connection, transaction,
            $"INSERT INTO bindings (manifest_id, alg, value, bits, {string.Join(", ", chunkNames)}) VALUES (@id, @alg, @value, @bits, {string.Join(", ", chunkNames.Select(n => "@" + n))})",
            [("id", ""), ("alg", ""), ("value", Array.Empty<byte>()), ("bits", 0), .. chunkNames.Select(n => (n, (object)DBNull.Value))]);
        await manifest.PrepareAsync(cancellationToken);
        await binding.PrepareAsync(cancellationToken);
        foreach (var (id, alg, value) in entries)
        {
            manifest.Parameters["id"].Value = id;
            await manifest.ExecuteNonQueryAsync(cancellationToken);
            binding.Parameters["id"].Value = id;
            binding.Parameters["alg"].Value = alg;
            binding.Parameters["value"].Value = value;
            var chunks = ChunksOf(alg, value);
            binding.Parameters["bits"].Value = chunks.Length * ChunkBits;
            for (var i = 0; i < MaxChunks; i++)
            {
                binding.Parameters[chunkNames[i]].Value = i < chunks.Length ? chunks[i] : DBNull.Value;
            }

            await binding.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Brings the planner's statistics (and, on PostgreSQL, the visibility map that lets a lookup answer from the chunk
    /// indexes alone) up to date after bulk inserts (benchmarks only; a server's own maintenance does it in production).
    /// </summary>
    internal async Task AfterBulkInsertAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        foreach (var statement in Dialect.AfterBulkInsert)
        {
            await ExecuteAsync(connection, null, statement, cancellationToken);
        }
    }

    /// <summary>Applies the migrations the database has not seen, in one transaction (<see cref="SqlDialect.Migrations"/>).</summary>
    private protected async Task MigrateAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (Dialect.LockMigrations is { } lockSql)
        {
            await ExecuteAsync(connection, transaction, lockSql, cancellationToken);
        }

        await ExecuteAsync(connection, transaction, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)", cancellationToken);
        await using (var read = Command(connection, transaction, "SELECT COALESCE(MAX(version), 0) FROM schema_version"))
        {
            var version = Convert.ToInt32(await read.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            if (version > Dialect.Migrations.Count)
            {
                throw new InvalidOperationException($"the repository's schema is version {version}; this MediaTrust knows up to {Dialect.Migrations.Count}");
            }

            for (var v = version; v < Dialect.Migrations.Count; v++)
            {
                foreach (var statement in Dialect.Migrations[v])
                {
                    await ExecuteAsync(connection, transaction, statement, cancellationToken);
                }

                await ExecuteAsync(connection, transaction, "INSERT INTO schema_version (version) VALUES (@v)", cancellationToken, ("v", v + 1));
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task InsertBindingAsync(DbConnection connection, DbTransaction transaction, string id, string algorithm, byte[] value, CancellationToken cancellationToken)
    {
        var parameters = new List<(string, object)> { ("id", id), ("alg", algorithm), ("value", value) };
        var columns = new StringBuilder("manifest_id, alg, value, bits");
        var values = new StringBuilder("@id, @alg, @value, @bits");
        if (FingerprintAlgorithms.Bits(algorithm, value) is { } bits && bits.Length % 2 == 0 && bits.Length / 2 <= MaxChunks)
        {
            parameters.Add(("bits", bits.Length * 8));
            var chunks = Chunks(bits.Span);
            for (var i = 0; i < chunks.Length; i++)
            {
                columns.Append(CultureInfo.InvariantCulture, $", c{i}");
                values.Append(CultureInfo.InvariantCulture, $", @c{i}");
                parameters.Add(($"c{i}", chunks[i]));
            }
        }
        else
        {
            parameters.Add(("bits", 0));
        }

        await ExecuteAsync(connection, transaction, $"INSERT INTO bindings ({columns}) VALUES ({values})", cancellationToken, [.. parameters]);
    }

    /// <summary>The 16-bit chunks of a fingerprint value of <paramref name="algorithm"/>, or none when it is matched exactly.</summary>
    private protected static int[] ChunksOf(string algorithm, byte[] value) =>
        FingerprintAlgorithms.Bits(algorithm, value) is { } bits && bits.Length % 2 == 0 && bits.Length / 2 <= MaxChunks ? Chunks(bits.Span) : [];

    private static int[] Chunks(ReadOnlySpan<byte> bits)
    {
        var chunks = new int[bits.Length / 2];
        for (var i = 0; i < chunks.Length; i++)
        {
            chunks[i] = (bits[i * 2] << 8) | bits[(i * 2) + 1];
        }

        return chunks;
    }

    /// <summary>How many values <see cref="Neighbours"/> gives for <paramref name="radius"/>.</summary>
    private static int NeighbourCount(int radius) => radius switch
    {
        0 => 1,
        1 => 1 + ChunkBits,
        _ => 1 + ChunkBits + (ChunkBits * (ChunkBits - 1) / 2),
    };

    /// <summary>Every 16-bit value within <paramref name="radius"/> (0–2) bits of <paramref name="chunk"/>.</summary>
    private static IEnumerable<int> Neighbours(int chunk, int radius)
    {
        yield return chunk;
        if (radius < 1)
        {
            yield break;
        }

        for (var a = 0; a < ChunkBits; a++)
        {
            yield return chunk ^ (1 << a);
            if (radius < 2)
            {
                continue;
            }

            for (var b = a + 1; b < ChunkBits; b++)
            {
                yield return chunk ^ (1 << a) ^ (1 << b);
            }
        }
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>What differs between the SQL backends.</summary>
internal sealed record SqlDialect(string Now, Func<string, string> Limit, string? LockMigrations, IReadOnlyList<IReadOnlyList<string>> Migrations)
{
    /// <summary>Whether a list of values is passed as one array parameter (<c>= ANY(@p)</c>) rather than one parameter each (<c>IN (@p0, …)</c>).</summary>
    public bool ArrayParameters { get; init; }

    /// <summary>Statements run after a bulk insert (<see cref="SqlManifestRepository.AfterBulkInsertAsync"/>), outside a transaction.</summary>
    public IReadOnlyList<string> AfterBulkInsert { get; init; } = [];

    /// <summary>Version 1 of the schema, in the backend's types.</summary>
    public static IReadOnlyList<string> SchemaV1(string blob, string identity, string timestamp)
    {
        var chunkColumns = string.Join(", ", Enumerable.Range(0, SqlManifestRepository.MaxChunks).Select(i => $"c{i} INTEGER"));
        return
        [
            $"CREATE TABLE manifests (id TEXT PRIMARY KEY, store {blob} NOT NULL, verdict TEXT NOT NULL, failures TEXT NOT NULL, size BIGINT NOT NULL, stored_at {timestamp} NOT NULL)",
            $"CREATE TABLE bindings (id {identity}, manifest_id TEXT NOT NULL REFERENCES manifests (id) ON DELETE CASCADE, alg TEXT NOT NULL, value {blob} NOT NULL, bits INTEGER NOT NULL, {chunkColumns})",
            "CREATE INDEX bindings_by_value ON bindings (alg, value)",
            "CREATE INDEX bindings_by_manifest ON bindings (manifest_id)",
            .. Enumerable.Range(0, SqlManifestRepository.MaxChunks).Select(i => $"CREATE INDEX bindings_by_c{i} ON bindings (c{i}, alg) WHERE c{i} IS NOT NULL"),
        ];
    }

    /// <summary>
    /// Version 2: each chunk index holds the chunk and the fingerprint, so that a lookup compares the thousands of
    /// candidates a million fingerprints give from the index alone, without a table read per candidate (docs/benchmarks.md);
    /// the algorithm, which was in every entry, is checked for the few candidates within the radius.
    /// </summary>
    public static IReadOnlyList<string> SchemaV2() =>
    [
        .. Enumerable.Range(0, SqlManifestRepository.MaxChunks).Select(i => $"DROP INDEX bindings_by_c{i}"),
        .. Enumerable.Range(0, SqlManifestRepository.MaxChunks).Select(i => $"CREATE INDEX bindings_by_chunk{i} ON bindings (c{i}, value) WHERE c{i} IS NOT NULL"),
    ];
}
