using MediaTrust.SoftBinding;

namespace MediaTrust.Repository;

/// <summary>What every <see cref="IManifestRepository"/> backend must do; one subclass per backend runs the same tests.</summary>
public abstract class RepositoryContractTests
{
    private protected abstract Task<IManifestRepository> CreateAsync(RepositoryOptions options);

    private Task<IManifestRepository> CreateAsync() => CreateAsync(new RepositoryOptions { Validation = Stores.Trusting });

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static byte[] Flip(byte[] value, int bits, int from = 0)
    {
        var flipped = (byte[])value.Clone();
        for (var i = 0; i < bits; i++)
        {
            var bit = from + (i * 7);
            flipped[bit / 8 % flipped.Length] ^= (byte)(1 << (bit % 8));
        }

        return flipped;
    }

    [Fact]
    public async Task A_stored_store_comes_back_byte_for_byte_with_its_verdict_and_bindings()
    {
        var (_, store) = await Stores.SignedAsync(1);
        await using var repository = await CreateAsync();

        var stored = await repository.StoreAsync(store, Token);

        Assert.Equal(store, await repository.GetStoreAsync(stored.ManifestId, Token));
        var kept = await repository.GetAsync(stored.ManifestId, Token);
        Assert.Equal("Trusted", kept!.Verdict);
        Assert.Empty(kept.FailureCodes);
        Assert.Equal([ImageFingerprints.PdqAlgorithm, ImageFingerprints.IsccAlgorithm], kept.Bindings.Select(b => b.Algorithm));
        Assert.Equal(store.Length, kept.Size);
        Assert.Null(await repository.GetStoreAsync("urn:c2pa:00000000-0000-4000-8000-000000000000", Token));
    }

    [Fact]
    public async Task A_fingerprint_is_found_exactly_and_within_the_radius_but_not_beyond()
    {
        var (_, store) = await Stores.SignedAsync(2);
        await using var repository = await CreateAsync();
        var stored = await repository.StoreAsync(store, Token);
        var pdq = stored.Bindings.Single(b => b.Algorithm == ImageFingerprints.PdqAlgorithm).Value;

        var exact = Assert.Single(await repository.FindAsync(ImageFingerprints.PdqAlgorithm, pdq, cancellationToken: Token));
        var near = Assert.Single(await repository.FindAsync(ImageFingerprints.PdqAlgorithm, Flip(pdq, 20), cancellationToken: Token));
        var far = await repository.FindAsync(ImageFingerprints.PdqAlgorithm, Flip(pdq, 40), cancellationToken: Token);

        Assert.Equal((stored.ManifestId, 0, 100), (exact.ManifestId, exact.Distance, exact.SimilarityScore));
        Assert.Equal((stored.ManifestId, 20), (near.ManifestId, near.Distance));
        Assert.Equal(84, near.SimilarityScore); // 100 × (1 − 2·20/256), rounded
        Assert.Empty(far);
    }

    [Fact]
    public async Task An_iscc_code_is_compared_on_its_digest()
    {
        var (_, store) = await Stores.SignedAsync(3);
        await using var repository = await CreateAsync();
        var stored = await repository.StoreAsync(store, Token);
        var iscc = stored.Bindings.Single(b => b.Algorithm == ImageFingerprints.IsccAlgorithm).Value;

        var near = Assert.Single(await repository.FindAsync(ImageFingerprints.IsccAlgorithm, Flip(iscc, 5, from: 16), cancellationToken: Token));

        Assert.Equal(5, near.Distance);
        Assert.Equal(stored.ManifestId, near.ManifestId);
    }

    [Fact]
    public async Task Among_several_photos_the_nearest_comes_first()
    {
        await using var repository = await CreateAsync();
        var ids = new List<string>();
        foreach (var seed in new[] { 11, 12, 13 })
        {
            ids.Add((await repository.StoreAsync((await Stores.SignedAsync(seed)).Store, Token)).ManifestId);
        }

        var probe = ImageFingerprints.Compute(new MemoryStream(Stores.Photo(12)));
        var matches = await repository.FindAsync(ImageFingerprints.PdqAlgorithm, Flip(probe.Pdq, 3), limit: 10, maxDistance: 64, cancellationToken: Token);

        Assert.Equal(ids[1], matches[0].ManifestId);
        Assert.Equal(3, matches[0].Distance);
        Assert.All(matches.Skip(1), m => Assert.True(m.Distance > 40, $"{m.ManifestId} at {m.Distance}"));
    }

    [Fact]
    public async Task A_watermark_value_added_later_is_found_by_exact_value_only()
    {
        var (_, store) = await Stores.SignedAsync(4);
        await using var repository = await CreateAsync();
        var stored = await repository.StoreAsync(store, Token);
        byte[] payload = [0x12, 0x34, 0x56, 0x78, 0x9a];

        Assert.True(await repository.AddBindingAsync(stored.ManifestId, "com.adobe.trustmark.Q", payload, Token));
        Assert.False(await repository.AddBindingAsync("urn:c2pa:00000000-0000-4000-8000-000000000000", "com.adobe.trustmark.Q", payload, Token));

        var match = Assert.Single(await repository.FindAsync("com.adobe.trustmark.Q", payload, cancellationToken: Token));
        Assert.Equal((stored.ManifestId, 100), (match.ManifestId, match.SimilarityScore));
        Assert.Empty(await repository.FindAsync("com.adobe.trustmark.Q", new byte[] { 0x12, 0x34, 0x56, 0x78, 0x9b }, cancellationToken: Token));
        Assert.Empty(await repository.FindAsync("com.adobe.trustmark.P", payload, cancellationToken: Token));
    }

    [Fact]
    public async Task Deleting_a_manifest_deletes_its_bindings()
    {
        var (_, store) = await Stores.SignedAsync(5);
        await using var repository = await CreateAsync();
        var stored = await repository.StoreAsync(store, Token);
        await repository.AddBindingAsync(stored.ManifestId, "com.adobe.trustmark.Q", new byte[] { 1, 2, 3 }, Token);

        Assert.True(await repository.DeleteAsync(stored.ManifestId, Token));

        Assert.Equal((0L, 0L), await repository.CountAsync(Token));
        Assert.Empty(await repository.FindAsync(ImageFingerprints.PdqAlgorithm, stored.Bindings[0].Value, cancellationToken: Token));
        Assert.False(await repository.DeleteAsync(stored.ManifestId, Token));
    }

    [Fact]
    public async Task Storing_a_store_again_replaces_it_and_its_bindings()
    {
        var (_, store) = await Stores.SignedAsync(6);
        await using var repository = await CreateAsync();

        await repository.StoreAsync(store, Token);
        await repository.StoreAsync(store, Token);

        Assert.Equal((1L, 2L), await repository.CountAsync(Token));
    }

    [Fact]
    public async Task An_invalid_store_is_rejected_and_leaves_nothing_behind()
    {
        var (_, store) = await Stores.SignedAsync(7);
        await using var repository = await CreateAsync(new RepositoryOptions { Validation = Stores.TrustingNobody, RequireTrustedSigner = true });

        var e = await Assert.ThrowsAsync<RepositoryRejectedException>(() => repository.StoreAsync(store, Token));

        Assert.Contains("signingCredential.untrusted", e.Message, StringComparison.Ordinal);
        Assert.Equal((0L, 0L), await repository.CountAsync(Token));
    }

    [Fact]
    public async Task An_invalid_store_can_be_kept_with_its_verdict()
    {
        var (_, store) = await Stores.SignedAsync(7);
        await using var repository = await CreateAsync(new RepositoryOptions
        {
            Validation = Stores.TrustingNobody, RequireTrustedSigner = true, InvalidStores = InvalidStorePolicy.KeepWithVerdict,
        });

        var stored = await repository.StoreAsync(store, Token);

        Assert.Equal("Invalid", stored.Verdict);
        Assert.Contains("signingCredential.untrusted", (await repository.GetAsync(stored.ManifestId, Token))!.FailureCodes);
    }

    [Fact]
    public async Task An_untrusted_signer_is_valid_unless_trust_is_required()
    {
        var (_, store) = await Stores.SignedAsync(8);
        await using var repository = await CreateAsync(new RepositoryOptions { Validation = Stores.TrustingNobody });

        Assert.Equal("Valid", (await repository.StoreAsync(store, Token)).Verdict);
    }

    [Fact]
    public async Task Size_limits_and_garbage_are_refused()
    {
        var (_, store) = await Stores.SignedAsync(9);
        await using var repository = await CreateAsync(new RepositoryOptions { Validation = Stores.Trusting, MaxStoreBytes = store.Length - 1 });

        await Assert.ThrowsAsync<RepositoryRejectedException>(() => repository.StoreAsync(store, Token));
        await Assert.ThrowsAsync<RepositoryRejectedException>(() => repository.StoreAsync(new byte[] { 0, 0, 0, 8, 0x6a, 0x75, 0x6d, 0x62 }, Token));
        Assert.Equal((0L, 0L), await repository.CountAsync(Token));
    }
}

/// <summary>The contract on the embedded SQLite backend, one temporary file per test.</summary>
public sealed class SqliteRepositoryTests : RepositoryContractTests, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mediatrust-repo-").FullName;

    private protected override async Task<IManifestRepository> CreateAsync(RepositoryOptions options) =>
        await SqliteManifestRepository.OpenAsync(Path.Combine(_directory, $"{Guid.NewGuid():N}.db"), options, TestContext.Current.CancellationToken);

    [Fact]
    public async Task Reopening_a_file_keeps_what_it_holds_and_does_not_migrate_twice()
    {
        var path = Path.Combine(_directory, "reopen.db");
        var (_, store) = await Stores.SignedAsync(1);
        await using (var first = await SqliteManifestRepository.OpenAsync(path, new RepositoryOptions { Validation = Stores.Trusting }, TestContext.Current.CancellationToken))
        {
            await first.StoreAsync(store, TestContext.Current.CancellationToken);
        }

        await using var second = await SqliteManifestRepository.OpenAsync(path, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal((1L, 2L), await second.CountAsync(TestContext.Current.CancellationToken));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}

/// <summary>The contract on PostgreSQL, one database per test on a server the run starts (<see cref="PostgresServer"/>).</summary>
[Trait("Category", "Database")]
public sealed class PostgresRepositoryTests(PostgresServer server) : RepositoryContractTests, IClassFixture<PostgresServer>
{
    private protected override async Task<IManifestRepository> CreateAsync(RepositoryOptions options)
    {
        server.Require();
        return await PostgresManifestRepository.OpenAsync(await server.CreateDatabaseAsync(), options, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Two_repositories_opening_one_new_database_at_once_migrate_it_once()
    {
        server.Require();
        var database = await server.CreateDatabaseAsync();
        var opened = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PostgresManifestRepository.OpenAsync(database, cancellationToken: TestContext.Current.CancellationToken)));
        foreach (var repository in opened)
        {
            Assert.Equal((0L, 0L), await repository.CountAsync(TestContext.Current.CancellationToken));
            await repository.DisposeAsync();
        }
    }
}
