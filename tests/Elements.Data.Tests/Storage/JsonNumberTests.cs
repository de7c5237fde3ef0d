using System.Globalization;
using Elements.Data.Storage;

namespace Elements.Data.Tests.Storage;

/// <summary>
/// <c>JsonNumber.Canonical</c> strips a decimal's trailing zeros by integer arithmetic on its coefficient; it must give
/// exactly what dividing by one with 33 zeros (the well-known way, four times slower) gives, digits and scale alike.
/// </summary>
public sealed class JsonNumberTests
{
    // Text, so that 0, -0 and 0.00 are distinct cases (as decimals they print alike and xunit would fold them into one).
    public static TheoryData<string> Edges => new()
    {
        "0", "-0", "0.00", "-0.000", "1200", "1.20", "-1.20", "12.500", "0.1", "0.0000000000000000000000000010",
        "79228162514264337593543950335", "-79228162514264337593543950335", "7922816251426433759.3543950335",
        "1.0000000000000000000000000000", "18446744073709551.615", "18446744073709551616.000", "-99999999.990",
        "123456789012345.67000",
    };

    [Theory]
    [MemberData(nameof(Edges))]
    public void Canonical_form_of_an_edge_value_is_the_divisions(string value)
        => AssertSameAsDivision(decimal.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture));

    [Fact]
    public void Canonical_form_of_random_values_is_the_divisions()
    {
        var random = new Random(20261207);
        for (var i = 0; i < 100_000; i++)
        {
            var value = Math.Round((decimal)(random.NextDouble() * Math.Pow(10, random.Next(-6, 16))) * (random.Next(2) * 2 - 1), random.Next(0, 9));
            AssertSameAsDivision(value);
            AssertSameAsDivision(value * 1.000m);
            AssertSameAsDivision(value * 1.0000000000m);
        }
    }

    private static void AssertSameAsDivision(decimal value)
    {
        var expected = value / 1.000000000000000000000000000000000m;
        var actual = JsonNumber.Canonical(value);
        Assert.Equal(expected.ToString(CultureInfo.InvariantCulture), actual.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(expected.Scale, actual.Scale);
    }
}
