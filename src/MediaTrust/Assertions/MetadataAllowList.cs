using System.Text.Json.Nodes;

namespace MediaTrust.Assertions;

/// <summary>
/// The fields a <c>c2pa.metadata</c> assertion may carry (spec 2.2 §15.10.3.2.3, Appendix B), as listed in the
/// specification's <c>schemas/valid_metadata_fields.yml</c>, written as prefix:name. Generated from that file.
/// A field is judged by the namespace its prefix stands for in the assertion's JSON-LD <c>@context</c>
/// (§18.16.2), so <c>exif:X</c> is not allowed when the assertion binds <c>exif</c> to another namespace.
/// </summary>
internal static class MetadataAllowList
{
    /// <summary>The namespaces of Appendix B, tables 15 and 16, and the prefix the allow-list writes each with.</summary>
    private static readonly Dictionary<string, string> Namespaces = new(StringComparer.Ordinal)
    {
        ["http://ns.adobe.com/xap/1.0/"] = "xmp",
        ["http://ns.adobe.com/xap/1.0/mm/"] = "xmpMM",
        ["http://ns.adobe.com/xap/1.0/t/pg/"] = "xmpTPg",
        ["http://ns.adobe.com/camera-raw-settings/1.0/"] = "crs",
        ["http://ns.adobe.com/pdf/1.3/"] = "pdf",
        ["http://purl.org/dc/elements/1.1/"] = "dc",
        ["http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/"] = "Iptc4xmpCore",
        ["http://iptc.org/std/Iptc4xmpExt/2008-02-29/"] = "Iptc4xmpExt",
        ["http://ns.adobe.com/exif/1.0/"] = "exif",

        // Table 16 writes the ExifEx namespace as "http://cipa.jp/exif/1.0/exifEX"; CIPA's own is
        // "http://cipa.jp/exif/1.0/", and the spec's Example 15 uses "http://cipa.jp/exif/2.32/".
        ["http://cipa.jp/exif/1.0/"] = "exifEX",
        ["http://cipa.jp/exif/1.0/exifEX"] = "exifEX",
        ["http://cipa.jp/exif/2.32/"] = "exifEX",
        ["http://ns.adobe.com/photoshop/1.0/"] = "photoshop",
        ["http://ns.adobe.com/tiff/1.0/"] = "tiff",
        ["http://ns.adobe.com/xmp/1.0/DynamicMedia/"] = "xmpDM",
        ["http://ns.useplus.org/ldf/xmp/1.0/"] = "plus",
    };

    /// <summary>
    /// The fields of an assertion whose <c>@context</c> is <paramref name="context"/> that are not on the
    /// allow-list (JSON-LD <c>@</c> keywords aside). A prefix the context defines is read as the namespace it
    /// names; a term the context defines, as the IRI it names; a full IRI, as itself. Where the context says
    /// nothing (it is missing, or only names remote contexts, which are never fetched) a key is judged as written.
    /// </summary>
    public static List<string> Disallowed(IEnumerable<string> keys, JsonNode? context)
    {
        var terms = Terms(context);
        var disallowed = new List<string>();
        foreach (var key in keys)
        {
            if (!key.StartsWith('@') && !Allows(key, terms))
            {
                disallowed.Add(key);
            }
        }

        return disallowed;
    }

    private static bool Allows(string key, Dictionary<string, string> terms)
    {
        var iri = Expand(key, terms, depth: 0);
        if (iri is null)
        {
            return Fields.Contains(key);
        }

        foreach (var (ns, prefix) in Namespaces)
        {
            if (iri.Length > ns.Length && iri.StartsWith(ns, StringComparison.Ordinal) && Fields.Contains(prefix + ":" + iri[ns.Length..]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The IRI a key stands for, or null when the context does not say.</summary>
    private static string? Expand(string key, Dictionary<string, string> terms, int depth)
    {
        if (depth > 8)
        {
            return null; // a cycle of term definitions expands to nothing
        }

        if (terms.TryGetValue(key, out var term))
        {
            return Expand(term, terms, depth + 1) ?? (IsAbsolute(term) ? term : null);
        }

        var colon = key.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return null;
        }

        if (IsAbsolute(key))
        {
            return key;
        }

        var prefix = key[..colon];
        return terms.TryGetValue(prefix, out var ns) && (Expand(ns, terms, depth + 1) ?? ns) is { } expanded && IsAbsolute(expanded)
            ? expanded + key[(colon + 1)..]
            : null;
    }

    private static bool IsAbsolute(string iri) =>
        iri.StartsWith("http://", StringComparison.Ordinal) || iri.StartsWith("https://", StringComparison.Ordinal) || iri.StartsWith("urn:", StringComparison.Ordinal);

    /// <summary>The term definitions of an inline <c>@context</c> (an object, or an array of them; strings name remote contexts).</summary>
    private static Dictionary<string, string> Terms(JsonNode? context)
    {
        var terms = new Dictionary<string, string>(StringComparer.Ordinal);
        IEnumerable<JsonNode?> parts = context is JsonArray array ? array : new[] { context };
        foreach (var part in parts)
        {
            if (part is not JsonObject definitions)
            {
                continue;
            }

            foreach (var (term, definition) in definitions)
            {
                var iri = definition switch
                {
                    JsonValue v when v.TryGetValue<string>(out var text) => text,
                    JsonObject o when o["@id"] is JsonValue id && id.TryGetValue<string>(out var text) => text,
                    _ => null,
                };
                if (iri is not null && !term.StartsWith('@'))
                {
                    terms[term] = iri;
                }
            }
        }

        return terms;
    }

    public static readonly HashSet<string> Fields = new(StringComparer.Ordinal)
    {
        "xmp:CreatorTool",
        "xmp:Identifier",
        "xmp:Label",
        "xmp:MetadataDate",
        "xmp:ModifyDate",
        "xmp:Rating",
        "xmp:BaseURL",
        "xmp:Nickname",
        "xmp:Thumbnails",
        "xmpMM:DerivedFrom",
        "xmpMM:DocumentID",
        "xmpMM:InstanceID",
        "xmpMM:OriginalDocumentID",
        "xmMM:RenditionClass",
        "xmpMM:RenditionParams",
        "xmpMM:History",
        "xmpMM:Ingredients",
        "xmpMM:Pantry",
        "xmpMM:ManagedFrom",
        "xmpMM:Manager",
        "xmpMM:ManageTo",
        "xmpMM:ManageUl",
        "xmpMM:Manager Variant",
        "xmpMM:VersionID",
        "xmpMM:Versions",
        "xmpTPg:Colorants",
        "xmpTPg:Fonts",
        "xmpTPg:MaxPageSize",
        "xmpTPg:NPages",
        "xmpTPg:PlateNames",
        "crs:AutoBrightness",
        "crs:AutoContrast",
        "crs:AutoExposure",
        "crs:AutoShadows",
        "crs:BlueHue",
        "crs:BlueSaturation",
        "crs:Brightness",
        "crs:CameraProfile",
        "crs:ChromaticAberrationB",
        "crs:ChromaticAberrationR",
        "crs:ColorNoiseReduction",
        "crs:Contrast",
        "crs:CropTop",
        "crs:CropLeft",
        "crs:CropBottom",
        "crs:CropRight",
        "crs:CropAngle",
        "crs:CropWidth",
        "crs:CropHeight",
        "crs:CropUnits",
        "crs:Exposure",
        "crs:GreenHue",
        "crs:GreenSaturation",
        "crs:HasCrop",
        "crs:HasSettings",
        "crs:LuminanceSmoothing",
        "crs:RawFileName",
        "crs:RedHue",
        "crs:RedSaturation",
        "crs:Saturation",
        "crs:Shadows",
        "crs:ShadowTint",
        "crs:Sharpness",
        "crs:Temperature",
        "crs:Tint",
        "crs:ToneCurve",
        "crs:ToneCurveName",
        "crs:Version",
        "crs:VignetteAmount",
        "crs:VignetteMidpoint",
        "crs:WhiteBalance",
        "pdf:Keywords",
        "pdf:PDFVersion",
        "pdf:Producer",
        "pdf:Trapped",
        "dc:coverage",
        "dc:date",
        "dc:format",
        "dc:identifier",
        "dc:language",
        "dc:relation",
        "dc:type",
        "Iptc4xmpCore:Scene",
        "Iptc4xmpExt:DigImageGUID",
        "Iptc4xmpExt:DigitalSourceType",
        "Iptc4xmpExt:EventId",
        "Iptc4xmpExt:Genre",
        "Iptc4xmpExt:ImageRating",
        "Iptc4xmpExt:ImageRegion",
        "Iptc4xmpExt:RegistryId",
        "Iptc4xmpExt:LocationCreated",
        "Iptc4xmpExt:LocationShown",
        "Iptc4xmpExt:MaxAvailHeight",
        "Iptc4xmpExt:MaxAvailWidth",
        "exif:ApertureValue",
        "exif:BrightnessValue",
        "exif:CFAPattern",
        "exif:ColorSpace",
        "exif:CompressedBitsPerPixel",
        "exif:Contrast",
        "exif:CustomRendered",
        "exif:DateTimeDigitized",
        "exif:DateTimeOriginal",
        "exif:DeviceSettingDescription",
        "exif:DigitalZoomRatio",
        "exif:ExifVersion",
        "exif:ExposureBiasValue",
        "exif:ExposureIndex",
        "exif:ExposureMode",
        "exif:ExposureProgram",
        "exif:ExposureTime",
        "exif:FileSource",
        "exif:Flash",
        "exif:FlashEnergy",
        "exif:FlashpixVersion",
        "exif:FNumber",
        "exif:FocalLength",
        "exif:FocalLengthIn35mmFilm",
        "exif:FocalPlaneResolutionUnit",
        "exif:FocalPlaneXResolution",
        "exif:FocalPlaneYResolution",
        "exif:GainControl",
        "exif:ImageUniqueID",
        "exif:ISOSpeedRatings",
        "exif:LightSource",
        "exif:MaxApertureValue",
        "exif:MeteringMode",
        "exif:OECF",
        "exif:OffsetTimeOriginal",
        "exif:PixelXDimension",
        "exif:PixelYDimension",
        "exif:RelatedSoundFile",
        "exif:Saturation",
        "exif:SceneCaptureType",
        "exif:SceneType",
        "exif:SensingMethod",
        "exif:Sharpness",
        "exif:ShutterSpeedValue",
        "exif:SpatialFrequencyResponse",
        "exif:SpectralSensitivity",
        "exif:SubjectArea",
        "exif:SubjectDistance",
        "exif:SubjectDistanceRange",
        "exif:SubjectLocation",
        "exif:WhiteBalance",
        "exif:GPSAltitude",
        "exif:GPSAltitudeRef",
        "exif:GPSDateStamp",
        "exif:GPSDestBearing",
        "exif:GPSDestBearingRef",
        "exif:GPSDestDistance",
        "exif:GPSDestDistanceRef",
        "exif:GPSDestLatitude",
        "exif:GPSDestLongitude",
        "exif:GPSDifferential",
        "exif:GPSDOP",
        "exif:GPSHPositioningError",
        "exif:GPSImgDirection",
        "exif:GPSImgDirectionRef",
        "exif:GPSLatitude",
        "exif:GPSLongitude",
        "exif:GPSMapDatum",
        "exif:GPSMeasureMode",
        "exif:GPSProcessingMethod",
        "exif:GPSSatellites",
        "exif:GPSSpeed",
        "exif:GPSSpeedRef",
        "exif:GPSStatus",
        "exif:GPSTimeStamp",
        "exif:GPSTrack",
        "exif:GPSTrackRef",
        "exif:GPSVersionID",
        "exifEX:BodySerialNumber",
        "exifEX:Gamma",
        "exifEX:InteroperabilityIndex",
        "exifEX:ISOSpeed",
        "exifEX:ISOSpeedLatitudeyyy",
        "exifEX:ISOSpeedLatitudezzz",
        "exifEX:LensMake",
        "exifEX:LensModel",
        "exifEX:LensSerialNumber",
        "exifEX:LensSpecification",
        "exifEX:PhotographicSensitivity",
        "exifEX:RecommendedExposureIndex",
        "exifEX:SensitivityType",
        "exifEX:StandardOutput-Sensitivity",
        "photoshop:Category",
        "photoshop:City",
        "photoshop:ColorMode",
        "photoshop:Country",
        "photoshop:DateCreated",
        "photoshop:DocumentAncestors",
        "photoshop:History",
        "photoshop:ICCProfile",
        "photoshop:State",
        "photoshop:SupplementalCategories",
        "photoshop:TextLayers",
        "photoshop:TransmissionReference",
        "photoshop:Urgency",
        "tiff:BitsPerSample",
        "tiff:Compression",
        "tiff:DateTime",
        "tiff:ImageLength",
        "tiff:ImageWidth",
        "tiff:Make",
        "tiff:Model",
        "tiff:Orientation",
        "tiff:PhotometricInterpretation",
        "tiff:PlanarConfiguration",
        "tiff:PrimaryChromaticities",
        "tiff:ReferenceBlackWhite",
        "tiff:ResolutionUnit",
        "tiff:SamplesPerPixel",
        "tiff:Software",
        "tiff:TransferFunction",
        "tiff:WhitePoint",
        "tiff:XResolution",
        "tiff:YResolution",
        "tiff:YCbCrCoefficients",
        "tiff:YCbCrPositioning",
        "tiff:YCbCrSubSampling",
        "xmpDM:absPeakAudioFilePath",
        "xmpDM:album",
        "xmpDM:altTapeName",
        "xmpDM:altTimecode",
        "xmpDM:audioChannelType",
        "xmpDM:audioCompressor",
        "xmpDM:audioSampleRate",
        "xmpDM:audioSampleType",
        "xmpDM:beatSpliceParams",
        "xmpDM:cameraAngle",
        "xmpDM:cameraLabel",
        "xmpDM:cameraModel",
        "xmpDM:cameraMove",
        "xmpDM:comment",
        "xmpDM:contributedMedia",
        "xmpDM:duration",
        "xmpDM:fileDataRate",
        "xmpDM:genre",
        "xmpDM:good",
        "xmpDM:instrument",
        "xmpDM:introTime",
        "xmpDM:key",
        "xmpDM:logComment",
        "xmpDM:loop",
        "xmpDM:numberOfBeats",
        "xmpDM:markers",
        "xmpDM:outCue",
        "xmpDM:projectName",
        "xmpDM:projectRef",
        "xmpDM:pullDown",
        "xmpDM:relativePeakAudioFilePath",
        "xmpDM:relativeTimestamp",
        "xmpDM:releaseDate",
        "xmpDM:resampleParams",
        "xmpDM:scaleType",
        "xmpDM:scene",
        "xmpDM:shotDate",
        "xmpDM:shotDay",
        "xmpDM:shotLocation",
        "xmpDM:shotName",
        "xmpDM:shotNumber",
        "xmpDM:shotSize",
        "xmpDM:speakerPlacement",
        "xmpDM:startTimecode",
        "xmpDM:stretchMode",
        "xmpDM:takeNumber",
        "xmpDM:tapeName",
        "xmpDM:tempo",
        "xmpDM:timeScaleParams",
        "xmpDM:timeSignature",
        "xmpDM:trackNumber",
        "xmpDM:Tracks",
        "xmpDM:videoAlphaMode",
        "xmpDM:videoAlphaPremultipleColor",
        "xmpDM:videoAlphaUnityIsTransparent",
        "xmpDM:videoColorSpace",
        "xmpDM:videoCompressor",
        "xmpDM:videoFieldOrder",
        "xmpDM:videoFrameRate",
        "xmpDM:videoFrameSize",
        "xmpDM:videoPixelAspectRatio",
        "xmpDM:videoPixelDepth",
        "xmpDM:partOfCompilation",
        "xmpDM:lyrics",
        "xmpDM:discNumber",
        "plus:FileNameAsDelivered",
        "plus:FirstPublicationDate",
        "plus:ImageFileFormatAsDelivered",
        "plus:ImageFileSizeAsDelivered",
        "plus:ImageType",
        "plus:Version",
    };
}
