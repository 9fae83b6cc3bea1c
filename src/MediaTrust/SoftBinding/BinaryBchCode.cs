namespace MediaTrust.SoftBinding;

/// <summary>
/// A binary, narrow-sense, shortened BCH code over GF(2^m) correcting up to <see cref="T"/> bit errors, systematic: a
/// codeword is the message bits followed by <see cref="ParityBits"/> parity bits, the first bit being the coefficient of
/// the highest power of x (the convention of the Linux kernel's BCH library, which TrustMark's data layer follows;
/// docs/soft-bindings.md, "TrustMark payloads"). Decoding: syndromes, Berlekamp–Massey, Chien search.
/// </summary>
internal sealed class BinaryBchCode
{
    private readonly int _m;
    private readonly int _n;
    private readonly int[] _exp;
    private readonly int[] _log;

    /// <summary>The generator polynomial's coefficients, index = power of x (degree <see cref="ParityBits"/>).</summary>
    private readonly bool[] _generator;

    /// <summary>Builds the code of GF(2^m) defined by <paramref name="primitivePolynomial"/> (its degree is m) and <paramref name="t"/>.</summary>
    public BinaryBchCode(int primitivePolynomial, int t)
    {
        _m = 31 - int.LeadingZeroCount(primitivePolynomial);
        if (_m is < 2 or > 16 || t < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(primitivePolynomial), "GF(2^m) with 2 ≤ m ≤ 16 and t ≥ 1");
        }

        T = t;
        _n = (1 << _m) - 1;
        _exp = new int[2 * _n];
        _log = new int[_n + 1];
        var x = 1;
        for (var i = 0; i < _n; i++)
        {
            if (i > 0 && x == 1)
            {
                throw new ArgumentException("the polynomial is not primitive", nameof(primitivePolynomial));
            }

            _exp[i] = _exp[i + _n] = x;
            _log[x] = i;
            x <<= 1;
            if ((x & (1 << _m)) != 0)
            {
                x ^= primitivePolynomial;
            }
        }

        // g(x) = the product of (x − α^i) over the cyclotomic cosets of α, α^3, …, α^(2t−1): the least common multiple
        // of their minimal polynomials, so that α^1 … α^2t are roots of every codeword.
        var roots = new bool[_n];
        for (var odd = 1; odd < 2 * t; odd += 2)
        {
            for (int r = odd % _n, j = 0; j < _m; j++, r = (2 * r) % _n)
            {
                roots[r] = true;
            }
        }

        var g = new List<int> { 1 };
        for (var i = 0; i < _n; i++)
        {
            if (!roots[i])
            {
                continue;
            }

            // g ← g · (x + α^i)
            var next = new int[g.Count + 1];
            for (var j = 0; j < g.Count; j++)
            {
                next[j + 1] ^= g[j];
                next[j] ^= Multiply(g[j], _exp[i]);
            }

            g = [.. next];
        }

        // The product of minimal polynomials has binary coefficients.
        _generator = [.. g.Select(c => c switch
        {
            0 => false,
            1 => true,
            _ => throw new InvalidOperationException("the generator polynomial is not binary"),
        })];
        ParityBits = _generator.Length - 1;
    }

    /// <summary>The number of bit errors the code corrects.</summary>
    public int T { get; }

    /// <summary>The number of parity bits (the generator's degree; m·t when no two cosets coincide).</summary>
    public int ParityBits { get; }

    /// <summary>The longest codeword: 2^m − 1 bits.</summary>
    public int MaxLength => _n;

    /// <summary>The parity bits of <paramref name="message"/>: the remainder of message(x)·x^ParityBits divided by g(x).</summary>
    public bool[] Parity(ReadOnlySpan<bool> message)
    {
        if (message.Length + ParityBits > _n)
        {
            throw new ArgumentException($"at most {_n - ParityBits} message bits", nameof(message));
        }

        // Long division by the monic g(x), one message bit at a time (a linear feedback shift register).
        var remainder = new bool[ParityBits];
        foreach (var bit in message)
        {
            var feedback = bit ^ remainder[0];
            for (var i = 0; i < ParityBits - 1; i++)
            {
                remainder[i] = remainder[i + 1] ^ (feedback && _generator[ParityBits - 1 - i]);
            }

            remainder[ParityBits - 1] = feedback && _generator[0];
        }

        return remainder;
    }

    /// <summary>
    /// Corrects <paramref name="codeword"/> (message then parity bits) in place.
    /// </summary>
    /// <returns>The number of bits corrected (0 for a codeword received intact), or −1 when more than <see cref="T"/> bits are wrong and the word cannot be corrected.</returns>
    public int Correct(Span<bool> codeword)
    {
        var length = codeword.Length;
        if (length <= ParityBits || length > _n)
        {
            throw new ArgumentException($"a codeword has {ParityBits + 1} to {_n} bits", nameof(codeword));
        }

        // Syndromes S_j = r(α^j), j = 1 … 2t; bit k of the word is the coefficient of x^(length−1−k).
        var syndromes = new int[2 * T];
        var anyError = false;
        for (var j = 1; j <= 2 * T; j++)
        {
            var s = 0;
            for (var k = 0; k < length; k++)
            {
                if (codeword[k])
                {
                    s ^= _exp[(j * (length - 1 - k)) % _n];
                }
            }

            syndromes[j - 1] = s;
            anyError |= s != 0;
        }

        if (!anyError)
        {
            return 0;
        }

        var locator = BerlekampMassey(syndromes);
        var degree = Array.FindLastIndex(locator, c => c != 0);
        if (degree > T)
        {
            return -1;
        }

        // Chien search: an error at power p makes α^(−p) a root of the locator. Only powers inside the shortened
        // codeword count; a root elsewhere, or fewer roots than the degree, means more errors than the code corrects.
        var positions = new List<int>(degree);
        for (var p = 0; p < length; p++)
        {
            var inverse = (_n - p) % _n;
            var value = 0;
            for (var i = 0; i <= degree; i++)
            {
                if (locator[i] != 0)
                {
                    value ^= _exp[(_log[locator[i]] + (i * inverse)) % _n];
                }
            }

            if (value == 0)
            {
                positions.Add(length - 1 - p);
            }
        }

        if (positions.Count != degree)
        {
            return -1;
        }

        foreach (var k in positions)
        {
            codeword[k] = !codeword[k];
        }

        return degree;
    }

    /// <summary>The error locator Λ(x) (coefficients by power, Λ0 = 1) of the syndromes S1 … S2t, by Berlekamp–Massey.</summary>
    private int[] BerlekampMassey(int[] syndromes)
    {
        var size = syndromes.Length + 1;
        var locator = new int[size];
        var previous = new int[size];
        locator[0] = previous[0] = 1;
        var length = 0;
        var shift = 1;
        var previousDiscrepancy = 1;
        for (var r = 0; r < syndromes.Length; r++)
        {
            // The discrepancy between S_(r+1) and what the current locator predicts from the earlier syndromes.
            var discrepancy = syndromes[r];
            for (var i = 1; i <= length; i++)
            {
                discrepancy ^= Multiply(locator[i], syndromes[r - i]);
            }

            if (discrepancy == 0)
            {
                shift++;
                continue;
            }

            var factor = Divide(discrepancy, previousDiscrepancy);
            var before = (int[])locator.Clone();
            for (var i = 0; i + shift < size; i++)
            {
                locator[i + shift] ^= Multiply(factor, previous[i]);
            }

            if (2 * length <= r)
            {
                length = r + 1 - length;
                previous = before;
                previousDiscrepancy = discrepancy;
                shift = 1;
            }
            else
            {
                shift++;
            }
        }

        return locator;
    }

    private int Multiply(int a, int b) => a == 0 || b == 0 ? 0 : _exp[_log[a] + _log[b]];

    private int Divide(int a, int b) => a == 0 ? 0 : _exp[_log[a] + _n - _log[b]];
}
