using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace MediaTrust.Pki;

/// <summary>Writes JSON trust lists in the shape C2PA publishes (LoTE), so tests can put a test PKI on an "official" list.</summary>
internal static class TrustListJson
{
    public const string Trusted = "http://c2pa.org/conformance/trust-list/trusted";

    /// <summary>A list named <paramref name="name"/>, issued at <paramref name="issued"/>, with each certificate's entity, status and status time.</summary>
    public static byte[] Write(string name, DateTimeOffset issued, params (string Entity, X509Certificate2 Certificate, string Status, DateTimeOffset Since)[] entries) =>
        Write(name, issued, sequenceNumber: 7, entries);

    public static byte[] Write(string name, DateTimeOffset issued, long sequenceNumber, params (string Entity, X509Certificate2 Certificate, string Status, DateTimeOffset Since)[] entries)
    {
        static JsonArray Text(string value) => [new JsonObject { ["lang"] = "en", ["value"] = value }];
        static string Date(DateTimeOffset time) => time.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var entities = new JsonArray();
        foreach (var (entity, certificate, status, since) in entries)
        {
            entities.Add((JsonNode)new JsonObject
            {
                ["TrustedEntityInformation"] = new JsonObject { ["TEName"] = Text(entity) },
                ["TrustedEntityServices"] = new JsonArray(new JsonObject
                {
                    ["ServiceInformation"] = new JsonObject
                    {
                        ["ServiceName"] = Text(certificate.GetNameInfo(X509NameType.SimpleName, false)),
                        ["ServiceDigitalIdentity"] = new JsonObject { ["X509Certificates"] = new JsonArray(new JsonObject { ["val"] = Convert.ToBase64String(certificate.RawData) }) },
                        ["ServiceStatus"] = status,
                        ["StatusStartingTime"] = Date(since),
                    },
                }),
            });
        }

        var json = new JsonObject
        {
            ["LoTE"] = new JsonObject
            {
                ["ListAndSchemeInformation"] = new JsonObject
                {
                    ["LoTESequenceNumber"] = sequenceNumber,
                    ["SchemeName"] = Text(name),
                    ["ListIssueDateTime"] = Date(issued),
                    ["NextUpdate"] = Date(issued.AddYears(1)),
                },
                ["TrustedEntitiesList"] = entities,
            },
        };
        return Encoding.UTF8.GetBytes(json.ToJsonString());
    }
}
