using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MediaTrust.Pki;

/// <summary>
/// The parts of a distinguished name that can be shown. .NET prints a name leniently but parses its parts
/// strictly, and only when they are enumerated, so a real certificate (an Adobe staging TSA in the corpus)
/// can load and verify yet hold a part .NET cannot decode. Such parts, and multi-valued RDNs, are skipped:
/// a name part nobody can read is not shown, and says nothing about whether the certificate is valid.
/// </summary>
internal static class DistinguishedNames
{
    /// <summary>The single-valued attributes (type OID, text), most significant first unless <paramref name="reversed"/> (the default, as .NET prints names).</summary>
    public static List<(string Oid, string? Value)> Attributes(X500DistinguishedName name, bool reversed = true)
    {
        var attributes = new List<(string Oid, string? Value)>();
        try
        {
            foreach (var rdn in name.EnumerateRelativeDistinguishedNames(reversed))
            {
                if (rdn.HasMultipleElements || rdn.GetSingleElementType().Value is not { } oid)
                {
                    continue;
                }

                string? value;
                try
                {
                    value = rdn.GetSingleElementValue();
                }
                catch (CryptographicException)
                {
                    continue; // this part does not decode; the others may
                }

                attributes.Add((oid, value));
            }
        }
        catch (CryptographicException)
        {
            // The name's structure does not parse past this point: keep what was read.
        }

        return attributes;
    }

    /// <summary>The first single-valued attribute of type <paramref name="oid"/> (e.g. 2.5.4.10, organizationName), or null.</summary>
    public static string? Find(X500DistinguishedName name, string oid)
    {
        foreach (var (type, value) in Attributes(name))
        {
            if (type == oid)
            {
                return value;
            }
        }

        return null;
    }
}
