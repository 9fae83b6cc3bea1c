using System.Globalization;
using System.Text.RegularExpressions;
using MediaTrust.JsonFormula.Runtime;

namespace MediaTrust.JsonFormula.Functions;

/// <summary>
/// Date functions (spec § Date and Time Values): a date is a number of days since 1970-01-01T00:00Z, the fraction
/// being the time of day; functions that take dates apart use the host time zone.
/// </summary>
internal static partial class Builtins
{
    private const double MsPerDay = 86_400_000;

    private static void AddDates(Action<string, FunctionImpl, Param[]> add)
    {
        add("year", (a, _, ctx) => Elementwise(a, x => (double)Local(x[0], ctx).Year), [P(NumOrArr)]);
        add("month", (a, _, ctx) => Elementwise(a, x => (double)Local(x[0], ctx).Month), [P(NumOrArr)]);
        add("day", (a, _, ctx) => Elementwise(a, x => (double)Local(x[0], ctx).Day), [P(NumOrArr)]);
        add("hour", (a, _, ctx) => Elementwise(a, x => (double)Local(x[0], ctx).Hour), [P(NumOrArr)]);
        add("minute", (a, _, ctx) => Elementwise(a, x => (double)Local(x[0], ctx).Minute), [P(NumOrArr)]);
        add("second", (a, _, ctx) => Elementwise(a, x => (double)Local(x[0], ctx).Second), [P(NumOrArr)]);
        add("millisecond", (a, _, ctx) => Elementwise(a, x => (double)Local(x[0], ctx).Millisecond), [P(NumOrArr)]);
        add("weekday", (a, _, ctx) => Elementwise(a.Length < 2 ? [a[0], 1d] : a, x =>
        {
            var day = (int)Local(x[0], ctx).DayOfWeek; // 0 = Sunday
            return ToInt(x[1]) switch
            {
                1 => day + 1d,
                2 => ((day + 6) % 7) + 1d,
                3 => (day + 6) % 7d,
                _ => throw JsonFormulaException.Function($"Unsupported returnType \"{Values.ToStr(x[1])}\" for weekday()"),
            };
        }), [P(NumOrArr), Opt(Num)]);
        add("datetime", (a, _, ctx) => FromLocal(ctx, ToInt(a[0]), ToInt(a[1]) - 1, ToInt(a[2]),
            a.Length > 3 ? ToInt(a[3]) : 0, a.Length > 4 ? ToInt(a[4]) : 0, a.Length > 5 ? ToInt(a[5]) : 0, a.Length > 6 ? ToInt(a[6]) : 0),
            [P(Num), P(Num), P(Num), Opt(Num), Opt(Num), Opt(Num), Opt(Num)]);
        add("time", (a, _, ctx) => FromLocal(ctx, 1970, 0, 1, ToInt(a[0]), a.Length > 1 ? ToInt(a[1]) : 0, a.Length > 2 ? ToInt(a[2]) : 0, 0),
            [P(Num), Opt(Num), Opt(Num)]);
        add("now", (_, _, ctx) => ctx.Engine.Options.Clock.GetUtcNow().ToUnixTimeMilliseconds() / MsPerDay, []);
        add("today", (_, _, ctx) =>
        {
            var now = TimeZoneInfo.ConvertTime(ctx.Engine.Options.Clock.GetUtcNow(), ctx.TimeZone);
            return FromLocal(ctx, now.Year, now.Month - 1, now.Day, 0, 0, 0, 0);
        }, []);
        add("eomonth", (a, _, ctx) => Elementwise(a, x =>
        {
            var d = Local(x[0], ctx);
            return FromLocal(ctx, d.Year, d.Month - 1 + ToInt(x[1]) + 1, 0, 0, 0, 0, 0);
        }), [P(NumOrArr), P(NumOrArr)]);
        add("datedif", (a, _, ctx) => Elementwise(a, x => DateDif(Values.ToNumber(x[0]), Values.ToNumber(x[1]), Values.ToStr(x[2]), ctx)), [P(NumOrArr), P(NumOrArr), P(StrOrArr)]);
        add("toDate", (a, _, ctx) => ToDate((string)a[0]!, ctx), [P(Str)]);
    }

    private static DateTime Local(object? days, EvalContext ctx)
    {
        var ms = Math.Round(Values.ToNumber(days) * MsPerDay);
        var utc = DateTime.UnixEpoch.AddMilliseconds(ms);
        return TimeZoneInfo.ConvertTimeFromUtc(utc, ctx.TimeZone);
    }

    /// <summary>Like JavaScript's <c>new Date(y, m, d, h, mi, s, ms)</c>: fields may overflow into the next unit; local time.</summary>
    private static double FromLocal(EvalContext ctx, int year, int month, int day, int hour, int minute, int second, int ms)
    {
        year += Math.DivRem(month, 12, out var m);
        if (m < 0) { m += 12; year--; }
        var local = new DateTime(year, m + 1, 1, 0, 0, 0, DateTimeKind.Unspecified)
            .AddDays(day - 1d).AddHours(hour).AddMinutes(minute).AddSeconds(second).AddMilliseconds(ms);
        var utc = local - ctx.TimeZone.GetUtcOffset(local);
        return (utc - DateTime.UnixEpoch).TotalMilliseconds / MsPerDay;
    }

    private static double DateDif(double d1, double d2, string unit, EvalContext ctx)
    {
        var u = unit.ToLowerInvariant();
        if (d2 < d1) throw JsonFormulaException.Function("end_date must be >= start_date in datedif()");
        if (u == "d") return Math.Floor(Math.Round((d2 - d1) * MsPerDay) / MsPerDay);
        var a = Local(d1, ctx);
        var b = Local(d2, ctx);
        var yearDiff = b.Year - a.Year;
        var monthDiff = b.Month - a.Month;
        var dayDiff = b.Day - a.Day;
        switch (u)
        {
            case "y":
                var y = yearDiff;
                if (monthDiff < 0 || (monthDiff == 0 && dayDiff < 0)) y--;
                return y;
            case "m":
                return (yearDiff * 12) + monthDiff + (dayDiff < 0 ? -1 : 0);
            case "ym":
                if (dayDiff < 0) monthDiff--;
                return monthDiff <= 0 && yearDiff > 0 ? 12 + monthDiff : monthDiff;
            case "yd":
                if (dayDiff < 0) monthDiff--;
                var year = monthDiff < 0 ? a.Year + 1 : a.Year;
                var moved = FromLocal(ctx, year, b.Month - 1, b.Day, b.Hour, b.Minute, b.Second, b.Millisecond);
                return Math.Floor(Math.Round((moved - d1) * MsPerDay) / MsPerDay);
            default:
                throw JsonFormulaException.Function($"Unrecognized unit parameter \"{unit}\" for datedif()");
        }
    }

    [GeneratedRegex(@"(\d\d\d\d)(\d\d)(\d\d)")]
    private static partial Regex CompactDate();

    [GeneratedRegex(@"T(\d\d)(\d\d)(\d\d)")]
    private static partial Regex CompactTime();

    [GeneratedRegex(@"[\D,zZ]+")]
    private static partial Regex DateSeparators();

    [GeneratedRegex(@"^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|z|[+-]\d{2}:?\d{2})?$")]
    private static partial Regex IsoDateTime();

    /// <summary>toDate(): ISO 8601 / RFC 3339 text to a date number; strings without an offset are local time; null when invalid.</summary>
    private static object? ToDate(string text, EvalContext ctx)
    {
        var iso = CompactTime().Replace(CompactDate().Replace(text, "$1-$2-$3", 1), "T$1:$2:$3", 1);
        var parts = DateSeparators().Split(iso);
        if (parts.Length <= 3 && (parts.Length < 3 || Array.IndexOf(parts, "") >= 0)) return null;
        try
        {
            if (parts.Length < 7)
            {
                int[] range = [99999, 12, 31, 23, 59, 59, 999];
                var values = new int[7];
                values[2] = 1;
                for (var i = 0; i < parts.Length; i++)
                {
                    var v = parts[i].Length == 0 ? 0 : parts[i].Length > 9 ? int.MaxValue : int.Parse(parts[i], CultureInfo.InvariantCulture);
                    if (v > range[i]) return null;
                    values[i] = v;
                }
                return FromLocal(ctx, values[0], values[1] - 1, values[2], values[3], values[4], values[5], values[6]);
            }
            var m = IsoDateTime().Match(iso);
            if (!m.Success) return null;
            int G(int i) => m.Groups[i].Success ? int.Parse(m.Groups[i].Value, CultureInfo.InvariantCulture) : 0;
            var ms = m.Groups[7].Success ? int.Parse(m.Groups[7].Value.PadRight(3, '0')[..3], CultureInfo.InvariantCulture) : 0;
            if (G(2) is < 1 or > 12 || G(3) is < 1 or > 31 || G(4) > 24 || G(5) > 59 || G(6) > 59) return null;
            if (!m.Groups[8].Success) return FromLocal(ctx, G(1), G(2) - 1, G(3), G(4), G(5), G(6), ms);
            var zone = m.Groups[8].Value;
            var offsetMinutes = 0;
            if (zone is not ("Z" or "z"))
            {
                var digits = zone[1..].Replace(":", "", StringComparison.Ordinal);
                offsetMinutes = (int.Parse(digits[..2], CultureInfo.InvariantCulture) * 60) + int.Parse(digits[2..], CultureInfo.InvariantCulture);
                if (zone[0] == '-') offsetMinutes = -offsetMinutes;
            }
            var utc = new DateTime(G(1), G(2), 1, 0, 0, 0, DateTimeKind.Utc).AddDays(G(3) - 1).AddHours(G(4)).AddMinutes(G(5) - offsetMinutes).AddSeconds(G(6)).AddMilliseconds(ms);
            return (utc - DateTime.UnixEpoch).TotalMilliseconds / MsPerDay;
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
