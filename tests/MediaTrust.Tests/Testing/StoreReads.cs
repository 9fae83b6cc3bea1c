namespace MediaTrust.Testing;

/// <summary>Reads a manifest store without validating it (<see cref="ReaderOptions.StoreOnly"/>), for tests whose flow is synchronous.</summary>
internal static class StoreReads
{
    public static Reader File(string path) => Reader.ReadFileAsync(path, ReaderOptions.StoreOnly).GetAwaiter().GetResult();

    public static Reader Stream(Stream asset) => Reader.ReadAsync(asset, ReaderOptions.StoreOnly).GetAwaiter().GetResult();
}
