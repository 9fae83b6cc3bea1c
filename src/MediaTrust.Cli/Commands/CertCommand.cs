using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MediaTrust.Cose;
using MediaTrust.Pki;
using MediaTrust.Testing;

namespace MediaTrust.Cli.Commands;

/// <summary><c>mediatrust cert init|check</c>: make a test PKI, and explain whether a certificate can sign C2PA claims.</summary>
internal static class CertCommand
{
    private static readonly string[] PkiFiles =
        ["root.pem", "root.key", "intermediate.pem", "intermediate.key", "signer.pem", "signer.key", "chain.pem", "tsa.pem", "tsa.key", "ocsp.pem", "ocsp.key"];

    public static Command Create()
    {
        var command = new Command("cert", "Certificates for C2PA signing: create a test PKI, check a certificate against the C2PA profile.");
        command.Subcommands.Add(Init());
        command.Subcommands.Add(Check());
        return command;
    }

    private static Command Init()
    {
        var directory = new Argument<DirectoryInfo>("dir") { Description = "Folder to write the certificates and keys into (created if missing)." };
        var algorithm = new Option<string>("--alg") { Description = "Key and signature algorithm: es256, es384, es512, ps256, ps384, ps512 or ed25519.", DefaultValueFactory = _ => "es256" };
        var name = new Option<string>("--name") { Description = "Name used in every certificate's subject.", DefaultValueFactory = _ => "MediaTrust Test" };
        var days = new Option<int>("--days") { Description = "How many days the certificates are valid.", DefaultValueFactory = _ => 365 };
        var force = new Option<bool>("--force") { Description = "Overwrite files that already exist." };
        var command = new Command("init", "Create a root, intermediate, claim signer, time-stamping authority and OCSP responder with the C2PA certificate profile, for tests and private deployments.")
        {
            directory, algorithm, name, days, force,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            if (!TryParseAlgorithm(parse.GetValue(algorithm)!, out var alg))
            {
                error.WriteLine($"error: unknown algorithm '{parse.GetValue(algorithm)}'; use es256, es384, es512, ps256, ps384, ps512 or ed25519");
                return ExitCodes.Usage;
            }

            var dir = parse.GetValue(directory)!;
            if (!parse.GetValue(force) && PkiFiles.Any(f => File.Exists(Path.Combine(dir.FullName, f))))
            {
                error.WriteLine($"error: {dir.FullName} already holds certificates; use --force to replace them");
                return ExitCodes.Error;
            }

            var now = DateTimeOffset.UtcNow;
            var pki = TestPki.Create(alg, now.AddMinutes(-5), now.AddDays(parse.GetValue(days)), parse.GetValue(name)!);
            dir.Create();
            void Write(string file, string text, bool secret = false)
            {
                var path = Path.Combine(dir.FullName, file);
                File.WriteAllText(path, text);
                if (secret && !OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }
            }

            Write("root.pem", pki.Root.CertificatePem);
            Write("root.key", pki.Root.PrivateKeyPem, secret: true);
            Write("intermediate.pem", pki.Intermediate.CertificatePem);
            Write("intermediate.key", pki.Intermediate.PrivateKeyPem, secret: true);
            Write("signer.pem", pki.Signer.CertificatePem);
            Write("signer.key", pki.Signer.PrivateKeyPem, secret: true);
            Write("chain.pem", pki.SignerChainPem);
            Write("tsa.pem", pki.TimeStampAuthority.CertificatePem + pki.Intermediate.CertificatePem);
            Write("tsa.key", pki.TimeStampAuthority.PrivateKeyPem, secret: true);
            Write("ocsp.pem", pki.OcspResponder.CertificatePem);
            Write("ocsp.key", pki.OcspResponder.PrivateKeyPem, secret: true);

            output.WriteLine($"Wrote a {alg} test PKI to {dir.FullName}, valid until {pki.Signer.Certificate.NotAfter.ToUniversalTime():yyyy-MM-dd}:");
            output.WriteLine("  root.pem          Root CA. Give it to validators as a trust anchor (--trust-anchors root.pem).");
            output.WriteLine("                    CA, keyCertSign + cRLSign: may issue certificates, never signs claims.");
            output.WriteLine("  intermediate.pem  Intermediate CA (pathLen 0): issues the end-entity certificates below.");
            output.WriteLine("  signer.pem/.key   Claim signer: keyUsage digitalSignature; extendedKeyUsage c2pa-kp-claimSigning");
            output.WriteLine("                    (1.3.6.1.4.1.62558.2.1), the EKU the C2PA trust list requires (spec 2.2 §14.5.1),");
            output.WriteLine("                    and emailProtection, which validators older than that EKU still require.");
            output.WriteLine("  chain.pem         signer + intermediate, in x5chain order: pass it with --cert to 'mediatrust sign'.");
            output.WriteLine("  tsa.pem/.key      Time-stamping authority: critical extendedKeyUsage timeStamping, and nothing else (§14.5.1).");
            output.WriteLine("  ocsp.pem/.key     OCSP responder: extendedKeyUsage OCSPSigning, for stapled revocation answers (§14.5.2).");
            output.WriteLine("Every certificate has AuthorityKeyIdentifier; CAs have SubjectKeyIdentifier and critical BasicConstraints.");
            output.WriteLine("These keys are for tests and private deployments only: nothing issued here is on the C2PA trust list.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Check()
    {
        var certificate = new Argument<FileInfo>("cert") { Description = "A PEM or DER certificate; for a PEM chain, the first certificate is checked." };
        var purpose = new Option<string>("--purpose") { Description = "What the certificate is for: signer, tsa or ocsp.", DefaultValueFactory = _ => "signer" };
        var command = new Command("check", "Explain, rule by rule, whether a certificate meets the C2PA certificate profile (spec 2.2 §14.5.1).")
        {
            certificate, purpose,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var forPurpose = parse.GetValue(purpose) switch
            {
                "signer" => CertificatePurpose.ClaimSigning,
                "tsa" => CertificatePurpose.TimeStamping,
                "ocsp" => CertificatePurpose.OcspSigning,
                var other => (CertificatePurpose?)null,
            };
            if (forPurpose is null)
            {
                error.WriteLine($"error: unknown purpose '{parse.GetValue(purpose)}'; use signer, tsa or ocsp");
                return ExitCodes.Usage;
            }

            X509Certificate2 cert;
            var file = parse.GetValue(certificate)!;
            try
            {
                var bytes = File.ReadAllBytes(file.FullName);
                var text = System.Text.Encoding.ASCII.GetString(bytes);
                cert = text.Contains("-----BEGIN", StringComparison.Ordinal)
                    ? PemCertificates.Parse(text) is [var first, ..] ? first : throw new CryptographicException("the PEM file holds no certificate")
                    : X509CertificateLoader.LoadCertificate(bytes);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
            {
                error.WriteLine($"error: cannot read a certificate from {file.FullName}: {e.Message}");
                return ExitCodes.Error;
            }

            using (cert)
            {
                var report = CertificateProfile.Check(cert, forPurpose.Value);
                output.WriteLine($"Certificate: {cert.Subject}");
                output.WriteLine($"Issuer:      {cert.Issuer}");
                output.WriteLine($"Valid:       {cert.NotBefore.ToUniversalTime():yyyy-MM-dd HH:mm}Z to {cert.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm}Z");
                output.WriteLine($"Checked as:  {forPurpose}");
                output.WriteLine();
                foreach (var rule in report.Rules)
                {
                    output.WriteLine($"  {(rule.Passed ? "pass" : "FAIL")}  {rule.Rule}: {rule.Requirement}");
                    if (!rule.Passed && rule.Detail is not null)
                    {
                        output.WriteLine($"        {rule.Detail}");
                    }
                }

                output.WriteLine();
                output.WriteLine(report.IsCompliant
                    ? "This certificate meets the C2PA certificate profile. Whether validators trust it depends on their trust list."
                    : $"This certificate fails {report.Failures.Count()} rule(s): validators report signingCredential.invalid.");
                return report.IsCompliant ? ExitCodes.Ok : ExitCodes.Invalid;
            }
        });
        return command;
    }

    internal static bool TryParseAlgorithm(string name, out SigningAlgorithm algorithm)
    {
        switch (name.ToLowerInvariant())
        {
            case "es256": algorithm = SigningAlgorithm.ES256; return true;
            case "es384": algorithm = SigningAlgorithm.ES384; return true;
            case "es512": algorithm = SigningAlgorithm.ES512; return true;
            case "ps256": algorithm = SigningAlgorithm.PS256; return true;
            case "ps384": algorithm = SigningAlgorithm.PS384; return true;
            case "ps512": algorithm = SigningAlgorithm.PS512; return true;
            case "ed25519" or "eddsa": algorithm = SigningAlgorithm.EdDSA; return true;
            default: algorithm = default; return false;
        }
    }
}
