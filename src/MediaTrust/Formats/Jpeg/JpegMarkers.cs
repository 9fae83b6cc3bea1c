namespace MediaTrust.Formats.Jpeg;

/// <summary>JPEG marker codes and names (ISO/IEC 10918-1 Table B.1), named as <c>c2pa.hash.boxes</c> needs (spec 2.2 §18.7).</summary>
internal static class JpegMarkers
{
    public const byte Soi = 0xD8;
    public const byte Eoi = 0xD9;
    public const byte Sos = 0xDA;
    public const byte App0 = 0xE0;
    public const byte App1 = 0xE1;
    public const byte App11 = 0xEB;
    public const byte Tem = 0x01;

    /// <summary>Markers that stand alone, without a length field.</summary>
    public static bool IsStandalone(byte marker) => marker is Soi or Eoi or Tem or (>= 0xD0 and <= 0xD7);

    public static string Name(byte marker) => marker switch
    {
        0xC4 => "DHT",
        0xC8 => "JPG",
        0xCC => "DAC",
        >= 0xC0 and <= 0xCF => "SOF" + (marker - 0xC0).ToString(System.Globalization.CultureInfo.InvariantCulture),
        >= 0xD0 and <= 0xD7 => "RST" + (marker - 0xD0).ToString(System.Globalization.CultureInfo.InvariantCulture),
        Soi => "SOI",
        Eoi => "EOI",
        Sos => "SOS",
        0xDB => "DQT",
        0xDC => "DNL",
        0xDD => "DRI",
        0xDE => "DHP",
        0xDF => "EXP",
        >= 0xE0 and <= 0xEF => "APP" + (marker - 0xE0).ToString(System.Globalization.CultureInfo.InvariantCulture),
        >= 0xF0 and <= 0xFD => "JPG" + (marker - 0xF0).ToString(System.Globalization.CultureInfo.InvariantCulture),
        0xFE => "COM",
        Tem => "TEM",
        _ => "RES" + marker.ToString("X2", System.Globalization.CultureInfo.InvariantCulture),
    };
}
