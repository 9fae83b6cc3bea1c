using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace MediaTrust.TrustProfiles;

/// <summary>
/// A Trust Report (see docs/jpeg-trust.md): the data-block outputs as top-level keys, then <c>statements</c>, one array
/// per section of <c>{id, title?, value?, report_text?, error?}</c>. Renders as JSON, YAML, terminal text or HTML.
/// </summary>
public sealed partial class TrustReport
{
    private static readonly JsonSerializerOptions Indented = new(Templates.CompactJson) { WriteIndented = true };

    /// <summary>Wraps a report document (e.g. one read back from JSON).</summary>
    public TrustReport(JsonObject document)
    {
        ArgumentNullException.ThrowIfNull(document);
        Document = document;
    }

    /// <summary>The report as JSON nodes, in output order.</summary>
    public JsonObject Document { get; }

    /// <summary>The sections' statement entries (<c>statements</c>, or the older <c>sections</c>).</summary>
    public IReadOnlyList<IReadOnlyList<JsonObject>> Sections =>
        (Document["statements"] ?? Document["sections"]) is JsonArray sections
            ? [.. sections.OfType<JsonArray>().Select(s => (IReadOnlyList<JsonObject>)[.. s.OfType<JsonObject>()])]
            : [];

    /// <summary>
    /// The value of the predefined compliance statement (<c>jpt:profile_compliance</c>, or <c>c2pa:profile_compliance</c>
    /// in C2PA rubrics), or null when the profile has none or it is not a Boolean.
    /// </summary>
    public bool? Compliance
    {
        get
        {
            foreach (var statement in Sections.SelectMany(s => s))
            {
                var id = statement["id"]?.ToString();
                if (id is "jpt:profile_compliance" or "c2pa:profile_compliance" &&
                    statement["value"] is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
                {
                    return v.GetValue<bool>();
                }
            }

            return null;
        }
    }

    /// <summary>How many statements recorded an evaluation error.</summary>
    public int ErrorCount => Sections.SelectMany(s => s).Count(s => s.ContainsKey("error"));

    /// <summary>The report as indented JSON (no escaping of non-ASCII text).</summary>
    public string ToJson() => Document.ToJsonString(Indented);

    /// <summary>The report as block-style YAML.</summary>
    public string ToYaml()
    {
        var text = new StringBuilder();
        WriteYaml(text, Document, 0, inSequence: false);
        return text.ToString();
    }

    /// <summary>The report for a terminal: metadata, then each section with a mark per Boolean result.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        var (name, version, issuer) = Heading();
        text.Append("Trust Report: ").Append(name ?? "(unnamed profile)");
        if (version is not null) text.Append(" v").Append(version);
        text.AppendLine();
        if (issuer is not null) text.Append("Issuer: ").AppendLine(issuer);
        if (Compliance is { } compliant) text.Append("Compliance: ").AppendLine(compliant ? "yes" : "no");
        foreach (var section in Sections)
        {
            text.AppendLine();
            foreach (var statement in section)
            {
                if (statement["title"] is { } title) text.Append("== ").Append(title).AppendLine(" ==");
                text.Append(Mark(statement)).Append(' ').Append(statement["id"]);
                if (statement["value"] is { } value && value.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
                {
                    text.Append(" = ").Append(value.ToJsonString(Templates.CompactJson));
                }

                if (statement["report_text"] is { } reportText) text.Append(": ").Append(reportText);
                if (statement["error"] is JsonObject error) text.Append(": error ").Append(error["kind"]).Append(": ").Append(error["message"]);
                text.AppendLine();
            }
        }

        return text.ToString();
    }

    /// <summary>The report as a standalone HTML page (all text escaped; no scripts, no external resources).</summary>
    public string ToHtml()
    {
        var (name, version, issuer) = Heading();
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html>").AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<title>Trust Report – ").Append(E(name ?? "profile")).AppendLine("</title>")
            .AppendLine("<style>body{font-family:system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em;color:#222}" +
                        "section{border:1px solid #ddd;border-radius:6px;margin:1em 0;padding:.5em 1em}" +
                        "li{list-style:none;margin:.4em 0}.pass{color:#176f2c}.fail{color:#b00020}.info{color:#555}.err{color:#b36b00}" +
                        "code{background:#f4f4f4;padding:0 .2em}pre{background:#f7f7f7;padding:.5em;overflow:auto}</style></head><body>");
        html.Append("<h1>Trust Report: ").Append(E(name ?? "(unnamed profile)"));
        if (version is not null) html.Append(" <small>v").Append(E(version)).Append("</small>");
        html.AppendLine("</h1>");
        if (issuer is not null) html.Append("<p>Issuer: ").Append(E(issuer)).AppendLine("</p>");
        if (Compliance is { } compliant)
        {
            html.Append("<p class=\"").Append(compliant ? "pass" : "fail").Append("\"><strong>")
                .Append(compliant ? "✔ Compliant with this profile" : "✘ Not compliant with this profile").AppendLine("</strong></p>");
        }

        foreach (var section in Sections)
        {
            html.AppendLine("<section><ul>");
            foreach (var statement in section)
            {
                if (statement["title"] is { } title) html.Append("<h2>").Append(E(title.ToString())).AppendLine("</h2>");
                var mark = Mark(statement);
                var css = mark switch { "✔" => "pass", "✘" => "fail", "!" => "err", _ => "info" };
                html.Append("<li class=\"").Append(css).Append("\">").Append(E(mark)).Append(" <code>").Append(E(statement["id"]?.ToString() ?? "")).Append("</code>");
                if (statement["value"] is { } value && value.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
                {
                    html.Append(" = <code>").Append(E(value.ToJsonString(Templates.CompactJson))).Append("</code>");
                }

                if (statement["report_text"] is { } reportText) html.Append(" — ").Append(E(reportText.ToString()));
                if (statement["error"] is JsonObject error) html.Append(" — error ").Append(E($"{error["kind"]}: {error["message"]}"));
                html.AppendLine("</li>");
            }

            html.AppendLine("</ul></section>");
        }

        var data = new JsonObject();
        foreach (var (key, value) in Document)
        {
            if (key is not ("statements" or "sections")) data[key] = value?.DeepClone();
        }

        if (data.Count > 0)
        {
            html.AppendLine("<h2>Data</h2>").Append("<pre>").Append(E(data.ToJsonString(Indented))).AppendLine("</pre>");
        }

        html.AppendLine("</body></html>");
        return html.ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Mark(JsonObject statement) =>
        statement.ContainsKey("error") ? "!" :
        statement["value"] is JsonValue v && v.GetValueKind() == JsonValueKind.True ? "✔" :
        statement["value"] is JsonValue f && f.GetValueKind() == JsonValueKind.False ? "✘" : "•";

    private (string? Name, string? Version, string? Issuer) Heading()
    {
        foreach (var key in TrustProfile.MetadataKeys)
        {
            if (Document[key] is JsonObject metadata)
            {
                return (metadata["name"]?.ToString(), metadata["version"]?.ToString(), metadata["issuer"]?.ToString());
            }
        }

        return (null, null, null);
    }

    private static void WriteYaml(StringBuilder text, JsonNode? node, int indent, bool inSequence)
    {
        var pad = new string(' ', indent);
        switch (node)
        {
            case JsonObject { Count: > 0 } obj:
                var first = true;
                foreach (var (key, value) in obj)
                {
                    if (!(first && inSequence)) text.Append(pad);
                    first = false;
                    text.Append(Scalar(key)).Append(':');
                    WriteChild(text, value, indent + 2);
                }

                break;
            case JsonArray { Count: > 0 } array:
                var firstItem = true;
                foreach (var item in array)
                {
                    if (!(firstItem && inSequence)) text.Append(pad);
                    firstItem = false;
                    text.Append("- ");
                    if (item is JsonObject { Count: > 0 } or JsonArray { Count: > 0 })
                    {
                        WriteYaml(text, item, indent + 2, inSequence: true);
                    }
                    else
                    {
                        text.Append(Scalar(item)).AppendLine();
                    }
                }

                break;
            default:
                text.Append(pad).Append(Scalar(node)).AppendLine();
                break;
        }
    }

    private static void WriteChild(StringBuilder text, JsonNode? value, int indent)
    {
        if (value is JsonObject { Count: > 0 } or JsonArray { Count: > 0 })
        {
            text.AppendLine();
            WriteYaml(text, value, value is JsonArray ? indent : indent, inSequence: false);
        }
        else
        {
            text.Append(' ').Append(Scalar(value)).AppendLine();
        }
    }

    private static string Scalar(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "{}",
        JsonArray => "[]",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => Scalar(v.GetValue<string>()),
        _ => node.ToJsonString(Templates.CompactJson),
    };

    private static string Scalar(string text) =>
        PlainSafe().IsMatch(text) && !Reserved().IsMatch(text)
            ? text
            : JsonValue.Create(text)!.ToJsonString(Templates.CompactJson);

    [GeneratedRegex(@"^[A-Za-z_/.][A-Za-z0-9 _/.,()'`-]*[A-Za-z0-9_/.)'`]$|^[A-Za-z]$")]
    private static partial Regex PlainSafe();

    [GeneratedRegex(@"^(true|false|null|yes|no|on|off|y|n|~|[-+]?\.?[0-9].*)$", RegexOptions.IgnoreCase)]
    private static partial Regex Reserved();
}
