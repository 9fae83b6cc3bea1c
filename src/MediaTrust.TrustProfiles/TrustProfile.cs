using System.Text.Json.Nodes;

namespace MediaTrust.TrustProfiles;

/// <summary>
/// A parsed Trust Profile (JPEG Trust, ISO/IEC 21617; see docs/jpeg-trust.md): a multi-document YAML file whose first
/// document is the information block and whose other documents are sections of statements and data blocks.
/// C2PA asset rubrics (<c>rubric_metadata</c>) use the same syntax and load the same way.
/// </summary>
/// <example><code>
/// var profile = TrustProfile.Load("profiles/ai-disclosure.yml");
/// TrustReport report = new ProfileEvaluator().Evaluate(profile, indicators);
/// </code></example>
public sealed class TrustProfile
{
    /// <summary>The information-block keys that name the profile's metadata, in order of preference (§5.2).</summary>
    public static readonly IReadOnlyList<string> MetadataKeys = ["profile_metadata", "metadata", "rubric_metadata"];

    /// <summary>The largest profile file or text accepted (characters): far above any real profile, far below memory trouble.</summary>
    public const int MaxProfileLength = 4 << 20;

    private const int MaxIncludeDepth = 32;

    private TrustProfile(string source, JsonObject information, IReadOnlyList<JsonArray> sections)
    {
        Source = source;
        Information = information;
        Sections = sections;
    }

    /// <summary>Where the profile came from (a path, or a name given to <see cref="Parse"/>).</summary>
    public string Source { get; }

    /// <summary>The information block after includes were merged into it (the including file wins, §5.2).</summary>
    public JsonObject Information { get; }

    /// <summary>The sections in order: this file's own, then each included file's.</summary>
    public IReadOnlyList<JsonArray> Sections { get; }

    /// <summary>The key under which the profile's metadata is found (<c>profile_metadata</c>, <c>metadata</c> or <c>rubric_metadata</c>), or null.</summary>
    public string? MetadataKey
    {
        get
        {
            foreach (var key in MetadataKeys)
            {
                if (Information[key] is JsonObject)
                {
                    return key;
                }
            }

            return null;
        }
    }

    /// <summary>The profile's metadata block, or null.</summary>
    public JsonObject? Metadata => MetadataKey is { } key ? (JsonObject)Information[key]! : null;

    /// <summary>The default language of the profile's texts (<c>language</c> in its metadata), or null.</summary>
    public string? Language => Metadata?["language"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>Loads a profile file and its includes (paths relative to the including file).</summary>
    /// <exception cref="ProfileException">The file or an include is unreadable, too large, invalid YAML, or includes itself.</exception>
    public static TrustProfile Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        return Build(ReadFile(full, full), Path.GetDirectoryName(full)!, full, [full]);
    }

    /// <summary>Parses profile text; includes are resolved against <paramref name="baseDirectory"/> (default: the current directory).</summary>
    /// <exception cref="ProfileException">Invalid YAML, a bad include, or an include cycle.</exception>
    public static TrustProfile Parse(string yaml, string? baseDirectory = null, string source = "<profile>")
    {
        ArgumentNullException.ThrowIfNull(yaml);
        if (yaml.Length > MaxProfileLength)
        {
            throw new ProfileException($"{source}: the profile is larger than {MaxProfileLength} characters");
        }

        return Build(yaml, Path.GetFullPath(baseDirectory ?? "."), source, [source]);
    }

    private static string ReadFile(string full, string includedFrom)
    {
        try
        {
            if (new FileInfo(full).Length > MaxProfileLength)
            {
                throw new ProfileException(full == includedFrom
                    ? $"{full}: the profile is larger than {MaxProfileLength} bytes"
                    : $"{includedFrom}: include {full} is larger than {MaxProfileLength} bytes");
            }

            return File.ReadAllText(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new ProfileException(full == includedFrom ? $"Cannot read profile {full}: {e.Message}" : $"{includedFrom}: cannot read include {full}: {e.Message}", e);
        }
    }

    private static TrustProfile Build(string yaml, string directory, string source, List<string> chain)
    {
        var documents = YamlJson.ReadDocuments(yaml, source);
        var information = new JsonObject();
        var sections = new List<JsonArray>();
        var first = true;
        foreach (var document in documents)
        {
            if (document is null)
            {
                continue; // an empty document (e.g. only comments before the first ---)
            }

            if (first && document is JsonObject info)
            {
                information = info;
            }
            else if (document is JsonArray section)
            {
                sections.Add(section);
            }
            else
            {
                throw new ProfileException($"{source}: a section must be a YAML sequence of statements and blocks, found {document.GetValueKind()}");
            }

            first = false;
        }

        if (information["include"] is JsonArray includes)
        {
            if (chain.Count > MaxIncludeDepth)
            {
                throw new ProfileException($"{source}: includes nest deeper than {MaxIncludeDepth} files");
            }

            // §5.2 (assetProfiles.adoc / Rust): includes are merged in order, a later include winning over an earlier
            // one, and the including file wins over all of them; included sections follow the file's own.
            var merged = new JsonObject();
            foreach (var item in includes)
            {
                if (item is not JsonValue v || !v.TryGetValue<string>(out var relative) || relative.Length == 0)
                {
                    throw new ProfileException($"{source}: every include must be a file path");
                }

                var full = Path.GetFullPath(Path.Combine(directory, relative));
                if (chain.Contains(full, StringComparer.Ordinal))
                {
                    throw new ProfileException($"{source}: include cycle: {string.Join(" -> ", chain)} -> {full}");
                }

                chain.Add(full);
                var included = Build(ReadFile(full, source), Path.GetDirectoryName(full)!, full, chain);
                chain.RemoveAt(chain.Count - 1);
                merged = DeepMerge(included.Information, merged);
                sections.AddRange(included.Sections);
            }

            information = DeepMerge(information, merged);
        }

        return new TrustProfile(source, information, sections);
    }

    /// <summary>A new object with every key of <paramref name="over"/> (winning) and then the keys only <paramref name="under"/> has; objects merge recursively.</summary>
    internal static JsonObject DeepMerge(JsonObject over, JsonObject under)
    {
        var result = new JsonObject();
        foreach (var (key, value) in over)
        {
            result[key] = value is JsonObject o && under[key] is JsonObject u ? DeepMerge(o, u) : value?.DeepClone();
        }

        foreach (var (key, value) in under)
        {
            if (!over.ContainsKey(key))
            {
                result[key] = value?.DeepClone();
            }
        }

        return result;
    }
}
