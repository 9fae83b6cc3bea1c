using System.Reflection;
using MediaTrust.TrustProfiles;

namespace MediaTrust.Server;

/// <summary>
/// The Trust Profiles the verifier offers by name: the project's library (profiles/, embedded in this assembly) or the
/// <c>*.yml</c> files of <see cref="VerifierOptions.ProfilesDirectory"/>. Each is parsed once, when the app starts.
/// </summary>
internal sealed class ProfileLibrary
{
    private readonly Dictionary<string, TrustProfile> _profiles = new(StringComparer.OrdinalIgnoreCase);

    public ProfileLibrary(Microsoft.Extensions.Options.IOptions<VerifierOptions> options)
    {
        if (options.Value.ProfilesDirectory is { } folder)
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*.yml").Order(StringComparer.Ordinal))
            {
                _profiles[Path.GetFileNameWithoutExtension(file)] = TrustProfile.Load(file);
            }
        }
        else
        {
            var assembly = typeof(ProfileLibrary).Assembly;
            const string prefix = "MediaTrust.Server.profiles.";
            foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            {
                using var stream = assembly.GetManifestResourceStream(resource)!;
                using var reader = new StreamReader(stream);
                var name = resource[prefix.Length..^".yml".Length];
                _profiles[name] = TrustProfile.Parse(reader.ReadToEnd(), source: name + ".yml");
            }
        }
    }

    public IReadOnlyDictionary<string, TrustProfile> Profiles => _profiles;

    public TrustProfile? Find(string name) => _profiles.GetValueOrDefault(name);

    /// <summary>The languages a profile's texts are written in: its own language and every language key of its report texts.</summary>
    public static IReadOnlyList<string> Languages(TrustProfile profile)
    {
        var languages = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        if (profile.Language is { } own) languages.Add(own);
        foreach (var section in profile.Sections)
        {
            foreach (var statement in section.OfType<System.Text.Json.Nodes.JsonObject>())
            {
                Collect(statement["report_text"], languages, 0);
                Collect(statement["title"], languages, 0);
            }
        }

        return [.. languages];
    }

    private static void Collect(System.Text.Json.Nodes.JsonNode? node, SortedSet<string> languages, int depth)
    {
        if (node is not System.Text.Json.Nodes.JsonObject obj || depth > 2) return;
        foreach (var (key, value) in obj)
        {
            if (value is System.Text.Json.Nodes.JsonObject) Collect(value, languages, depth + 1);
            else if (key.Length is 2 or 5 && char.IsLetter(key[0]) && key is not ("true" or "false")) languages.Add(key);
        }
    }
}
