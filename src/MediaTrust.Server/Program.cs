namespace MediaTrust.Server;

/// <summary>The web verifier as its own app: <c>dotnet run --project src/MediaTrust.Server</c> (docs/server.md).</summary>
internal sealed class Program
{
    public static async Task Main(string[] args) => await VerifierApp.Build(args).RunAsync();
}
