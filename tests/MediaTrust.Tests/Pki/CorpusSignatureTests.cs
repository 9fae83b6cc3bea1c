using System.Buffers.Binary;
using System.Formats.Cbor;
using System.Text;
using MediaTrust.Pki;
using MediaTrust.Testing;
using MediaTrust.Validation;

namespace MediaTrust.Tests.Pki;

/// <summary>
/// Real signatures from the corpus, checked end to end. A tiny JUMBF walk (test-only; the real
/// parser is another team's) finds the active manifest's claim and signature in a .c2pa sidecar.
/// </summary>
public sealed class CorpusSignatureTests
{
    [Theory]
    [InlineData("c2pa-rs/sdk/tests/fixtures/cloud_manifest.c2pa")]
    [InlineData("c2pa-rs/sdk/tests/fixtures/ingredient/manifest_data.c2pa")]
    [InlineData("c2pa-rs/sdk/tests/fixtures/C.jpg")]
    [InlineData("c2pa-rs/sdk/tests/fixtures/CA.jpg")]
    [InlineData("c2pa-rs/sdk/tests/fixtures/ocsp.jpg")]
    public async Task TheActiveSignatureVerifies(string relativePath)
    {
        var store = ManifestStore(SharedFolder.RequireCorpusFile(relativePath));
        var (claim, cose) = ActiveClaimAndSignature(store);
        var input = DecodeCoseSign1(cose, claim);

        // Pinned at the time-stamp when there is one; otherwise validity is whatever it is today, and not asserted.
        var result = await ClaimSignatureValidator.ValidateAsync(input, new ClaimSignatureOptions
        {
            Trust = new TrustStore(),
            ValidationTime = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero),
        }, TestContext.Current.CancellationToken);

        Assert.True(result.Has(ValidationStatusCodes.ClaimSignatureValidated), string.Join("\n", result.Findings));
        Assert.True(result.Has(ValidationStatusCodes.SigningCredentialUntrusted)); // no anchors configured
        Assert.True(result.Profile!.IsCompliant, result.Profile.Describe());

        // Flip one claim byte: the same real signature no longer verifies.
        var tampered = claim.ToArray();
        tampered[tampered.Length / 2] ^= 0x01;
        var broken = await ClaimSignatureValidator.ValidateAsync(input with { ClaimBytes = tampered },
            new ClaimSignatureOptions { ValidationTime = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero) }, TestContext.Current.CancellationToken);
        Assert.True(broken.Has(ValidationStatusCodes.ClaimSignatureMismatch));
        if (input.TimeStampTokens.Count > 0)
        {
            Assert.Contains(result.Findings, f => f.Code is ValidationStatusCodes.TimeStampValidated or ValidationStatusCodes.TimeStampUntrusted);
        }
    }

    [Fact]
    public async Task ARealDigiCertTimeStampVerifiesAndIsJudgedByTheTsaAnchors()
    {
        var store = ManifestStore(SharedFolder.RequireCorpusFile("c2pa-rs/sdk/tests/fixtures/ingredient/manifest_data.c2pa"));
        var tsaList = File.ReadAllText(SharedFolder.RequireCorpusFile("conformance-public/trust-list/C2PA-TSA-TRUST-LIST.pem"));
        var (claim, cose) = ActiveClaimAndSignature(store);
        var input = DecodeCoseSign1(cose, claim);
        var later = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Single(input.TimeStampTokens);

        // The 2023 DigiCert TSA chains to DigiCert Trusted G4, which is not on the C2PA TSA Trust List
        // (that list has DigiCert's C2PA-specific roots): untrusted, and validity falls back to "now".
        var withC2paList = await ClaimSignatureValidator.ValidateAsync(input, new ClaimSignatureOptions
        {
            Trust = new TrustStore().AddTimeStampAnchorsFromPem(tsaList),
            ValidationTime = later,
        }, TestContext.Current.CancellationToken);
        var untrusted = Assert.Single(withC2paList.Findings, f => f.Code == ValidationStatusCodes.TimeStampUntrusted);
        Assert.Contains("DigiCert Trusted G4", untrusted.Explanation, StringComparison.Ordinal);
        Assert.Equal(later, withC2paList.ValidityTime);

        // Anchoring the TSA certificate itself: the real token's signature, imprint and genTime all check out.
        var tsa = withC2paList.TimeStamp.TsaCertificate!;
        var anchored = await ClaimSignatureValidator.ValidateAsync(input, new ClaimSignatureOptions
        {
            Trust = new TrustStore().AddTimeStampAnchors([tsa]),
            ValidationTime = later,
        }, TestContext.Current.CancellationToken);
        Assert.True(anchored.Has(ValidationStatusCodes.TimeStampValidated), string.Join("\n", anchored.Findings));
        Assert.True(anchored.Has(ValidationStatusCodes.TimeStampTrusted));
        Assert.True(anchored.ValidityTime < later); // the attested time, not "now"
        Assert.InRange(anchored.ValidityTime, new DateTimeOffset(tsa.NotBefore.ToUniversalTime()), new DateTimeOffset(tsa.NotAfter.ToUniversalTime()));
    }

    [Fact]
    public async Task ARealStapledOcspResponseIsJudgedAtTheAttestedTime()
    {
        var store = ManifestStore(SharedFolder.RequireCorpusFile("c2pa-rs/sdk/tests/fixtures/ocsp.jpg"));
        var (claim, cose) = ActiveClaimAndSignature(store);
        var input = DecodeCoseSign1(cose, claim);

        var first = await ClaimSignatureValidator.ValidateAsync(input, new ClaimSignatureOptions
        {
            ValidationTime = new DateTimeOffset(2025, 8, 20, 0, 0, 0, TimeSpan.Zero),
        }, TestContext.Current.CancellationToken);
        var result = await ClaimSignatureValidator.ValidateAsync(input, new ClaimSignatureOptions
        {
            Trust = new TrustStore().AddTimeStampAnchors([first.TimeStamp.TsaCertificate!]),
            ValidationTime = new DateTimeOffset(2025, 8, 20, 0, 0, 0, TimeSpan.Zero),
        }, TestContext.Current.CancellationToken);

        // Without a trusted time, the response (valid 2025-08-11 to 08-18) is stale at the validation time.
        Assert.Contains(first.Findings, f => f.Code == ValidationStatusCodes.SigningCredentialOcspSkipped
            && f.Explanation.Contains("not the validation time", StringComparison.Ordinal));
        Assert.False(input.TimeStampsAreV2);

        // With the (real, v1) time-stamp trusted, the attested time falls inside the response's window (§15.9.1).
        Assert.True(result.Has(ValidationStatusCodes.TimeStampTrusted), string.Join("\n", result.Findings));
        var notRevoked = Assert.Single(result.Findings, f => f.Code == ValidationStatusCodes.SigningCredentialOcspNotRevoked);
        Assert.Contains("stapled", notRevoked.Explanation, StringComparison.Ordinal);
        Assert.Equal(RevocationState.NotRevoked, result.Revocation.State);
    }

    [Theory]
    [InlineData("c2pa-rs/sdk/tests/fixtures/E-sig-CA.jpg")]
    [InlineData("public-testfiles/image/jpeg/adobe-20220124-E-sig-CA.jpg")]
    public async Task ARealBadSignatureIsAMismatchAndSoIsItsTimeStamp(string relativePath)
    {
        // Expected (MANIFEST.tsv, c2patool output): claimSignature.mismatch + timeStamp.mismatch.
        var store = ManifestStore(SharedFolder.RequireCorpusFile(relativePath));
        var (claim, cose) = ActiveClaimAndSignature(store);
        var input = DecodeCoseSign1(cose, claim);

        var result = await ClaimSignatureValidator.ValidateAsync(input, new ClaimSignatureOptions
        {
            ValidationTime = new DateTimeOffset(2023, 1, 1, 0, 0, 0, TimeSpan.Zero),
        }, TestContext.Current.CancellationToken);

        Assert.True(result.Has(ValidationStatusCodes.ClaimSignatureMismatch), string.Join("\n", result.Findings));
        Assert.True(result.Has(ValidationStatusCodes.TimeStampMismatch));
        Assert.Equal(SignatureState.Invalid, result.State);
    }

    [Theory]
    [InlineData("cards_trusted.jpg", "signingCredential.trusted timeStamp.trusted claimSignature.insideValidity", "Trusted")]
    [InlineData("cards_expired_with_timestamp.jpg", "signingCredential.trusted timeStamp.trusted claimSignature.insideValidity", "Trusted")]
    [InlineData("cards_expired_without_timestamp.jpg", "signingCredential.trusted claimSignature.outsideValidity", "Invalid")]
    [InlineData("cards_expired_with_untrusted_timestamp.jpg", "signingCredential.trusted timeStamp.untrusted claimSignature.outsideValidity", "Invalid")]
    [InlineData("cards_trusted_without_timestamp.jpg", "signingCredential.trusted claimSignature.outsideValidity", "Invalid")]
    [InlineData("cards_untrusted.jpg", "signingCredential.untrusted", "Valid")]
    public async Task TheExtensionValidatorCardsGetTheirExpectedOutcomes(string file, string expectedCodes, string expectedState)
    {
        // Anchors as the corpus states: the test root for signers, DigiCert's TSA CA for time-stamps (a separate list).
        const string Folder = "c2pa-extension-validator/test/";
        var trust = new TrustStore()
            .AddSignerAnchorsFromPem(File.ReadAllText(SharedFolder.RequireCorpusFile(Folder + "trusted/root_CA.crt")))
            .AddTimeStampAnchorsFromPem(File.ReadAllText(SharedFolder.RequireCorpusFile(Folder + "trustedTSA/digicert_TSA_CA.pem")));
        var store = ManifestStore(SharedFolder.RequireCorpusFile(Folder + "media/" + file));
        var (claim, cose) = ActiveClaimAndSignature(store);

        var result = await ClaimSignatureValidator.ValidateAsync(DecodeCoseSign1(cose, claim), new ClaimSignatureOptions
        {
            Trust = trust,
            ValidationTime = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), // after every signer expired
        }, TestContext.Current.CancellationToken);

        var all = string.Join("\n", result.Findings);
        Assert.True(result.Has(ValidationStatusCodes.ClaimSignatureValidated), all);
        foreach (var code in expectedCodes.Split(' '))
        {
            Assert.True(result.Has(code), $"expected {code}:\n{all}");
        }

        Assert.True(expectedState == result.State.ToString(), $"expected {expectedState}, got {result.State}:\n{all}");
    }

    /// <summary>The C2PA manifest store of a .c2pa sidecar, or of a JPEG (APP11 JUMBF segments, reassembled).</summary>
    internal static byte[] ManifestStore(string path)
    {
        var data = File.ReadAllBytes(path);
        if (!path.EndsWith(".jpg", StringComparison.Ordinal))
        {
            return data;
        }

        // ISO 19566-5 in JPEG: APP11 'JP', box instance (2), sequence number (4), then the box;
        // continuation segments repeat the 8-byte box header, which is dropped.
        var parts = new SortedDictionary<uint, byte[]>();
        var at = 2;
        while (at + 4 <= data.Length && data[at] == 0xFF && data[at + 1] != 0xDA)
        {
            var length = BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(at + 2));
            var segment = data.AsSpan(at + 4, length - 2);
            if (data[at + 1] == 0xEB && segment[0] == (byte)'J' && segment[1] == (byte)'P')
            {
                parts[BinaryPrimitives.ReadUInt32BigEndian(segment[4..])] = segment[8..].ToArray();
            }

            at += 2 + length;
        }

        var store = new List<byte>();
        var first = true;
        foreach (var part in parts.Values)
        {
            store.AddRange(first ? part : part[8..]);
            first = false;
        }

        return [.. store];
    }

    /// <summary>The last manifest's claim box content and signature box content.</summary>
    internal static (byte[] Claim, byte[] Cose) ActiveClaimAndSignature(byte[] store)
    {
        var root = Children(store, 0, store.Length).Single(b => b.Type == "jumb");
        var manifests = Children(store, root.Start, root.End).Where(b => b.Type == "jumb").ToList();
        var active = manifests[^1];
        byte[]? claim = null, cose = null;
        foreach (var box in Children(store, active.Start, active.End).Where(b => b.Type == "jumb"))
        {
            var parts = Children(store, box.Start, box.End).ToList();
            var label = Label(store, parts[0]);
            var content = parts.Skip(1).FirstOrDefault(p => p.Type == "cbor");
            if (label.StartsWith("c2pa.claim", StringComparison.Ordinal))
            {
                claim = store[content.Start..content.End];
            }
            else if (label == "c2pa.signature")
            {
                cose = store[content.Start..content.End];
            }
        }

        return (claim!, cose!);
    }

    private static IEnumerable<(string Type, int Start, int End)> Children(byte[] data, int start, int end)
    {
        var at = start;
        while (at + 8 <= end)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(at));
            var type = Encoding.ASCII.GetString(data, at + 4, 4);
            yield return (type, at + 8, at + length);
            at += length;
        }
    }

    private static string Label(byte[] data, (string Type, int Start, int End) description)
    {
        // jumd: 16-byte type UUID, toggles, then a NUL-terminated label.
        var labelStart = description.Start + 17;
        var labelEnd = Array.IndexOf(data, (byte)0, labelStart);
        return Encoding.UTF8.GetString(data, labelStart, labelEnd - labelStart);
    }

    internal static ClaimSignatureInput DecodeCoseSign1(byte[] cose, byte[] claim)
    {
        var reader = new CborReader(cose, CborConformanceMode.Lax);
        if (reader.PeekState() == CborReaderState.Tag)
        {
            reader.ReadTag();
        }

        reader.ReadStartArray();
        var protectedHeader = reader.ReadByteString();
        long? alg = null;
        var chain = new List<ReadOnlyMemory<byte>>();
        var tokens = new List<ReadOnlyMemory<byte>>();
        var ocsp = new List<ReadOnlyMemory<byte>>();
        var v2 = true;
        ReadHeader(new CborReader(protectedHeader, CborConformanceMode.Lax));
        ReadHeader(reader);
        reader.SkipValue(); // nil payload
        var signatureStart = cose.Length - reader.BytesRemaining;
        var signature = reader.ReadByteString();
        var signatureField = cose[signatureStart..(cose.Length - reader.BytesRemaining)];
        return new ClaimSignatureInput
        {
            ProtectedHeader = protectedHeader,
            Algorithm = alg,
            CertificateChain = chain,
            ClaimBytes = claim,
            Signature = signature,
            SignatureFieldEncoded = signatureField,
            TimeStampTokens = tokens,
            TimeStampsAreV2 = v2,
            OcspResponses = ocsp,
        };

        void ReadHeader(CborReader map)
        {
            var count = map.ReadStartMap();
            for (var i = 0; i < count; i++)
            {
                if (map.PeekState() is CborReaderState.UnsignedInteger or CborReaderState.NegativeInteger)
                {
                    var label = map.ReadInt64();
                    if (label == 1)
                    {
                        alg = map.ReadInt64();
                    }
                    else if (label == 33)
                    {
                        ReadChain(map);
                    }
                    else
                    {
                        map.SkipValue();
                    }

                    continue;
                }

                var name = map.ReadTextString();
                switch (name)
                {
                    case "x5chain":
                        ReadChain(map);
                        break;
                    case "sigTst" or "sigTst2":
                        v2 = name == "sigTst2";
                        map.ReadStartMap();
                        map.ReadTextString(); // tstTokens
                        var n = map.ReadStartArray();
                        for (var t = 0; t < n; t++)
                        {
                            map.ReadStartMap();
                            map.ReadTextString(); // val
                            tokens.Add(map.ReadByteString());
                            map.ReadEndMap();
                        }

                        map.ReadEndArray();
                        map.ReadEndMap();
                        break;
                    case "rVals":
                        map.ReadStartMap();
                        map.ReadTextString(); // ocspVals
                        var m = map.ReadStartArray();
                        for (var r = 0; r < m; r++)
                        {
                            ocsp.Add(map.ReadByteString());
                        }

                        map.ReadEndArray();
                        map.ReadEndMap();
                        break;
                    default:
                        map.SkipValue();
                        break;
                }
            }

            map.ReadEndMap();
        }

        void ReadChain(CborReader map)
        {
            if (map.PeekState() == CborReaderState.ByteString)
            {
                chain.Add(map.ReadByteString());
                return;
            }

            var n = map.ReadStartArray();
            for (var c = 0; c < n; c++)
            {
                chain.Add(map.ReadByteString());
            }

            map.ReadEndArray();
        }
    }
}
