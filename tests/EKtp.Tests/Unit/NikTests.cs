using EKtp.Web.Domain;

namespace EKtp.Tests.Unit;

public class NikTests
{
    private static readonly DateOnly Today = new(2026, 11, 29);

    [Theory]
    [InlineData("1308051203900001", 1990, 3, 12, false)]
    [InlineData("1308055203900002", 1990, 3, 12, true)]
    [InlineData("1308 0512 0390 0001", 1990, 3, 12, false)]
    [InlineData("1308051508050001", 2005, 8, 15, false)]
    public void A_plausible_NIK_yields_its_birth_date_and_sex(string input, int year, int month, int day, bool female)
    {
        Assert.Equal(NikProblem.None, Nik.Check(input, Today, out var nik));
        Assert.Equal(new DateOnly(year, month, day), nik.BirthDate);
        Assert.Equal(female, nik.IsFemale);
        Assert.Equal("13.08.05", nik.KecamatanCode);
    }

    [Theory]
    [InlineData("130805120390000", NikProblem.Format)]
    [InlineData("13080512039000011", NikProblem.Format)]
    [InlineData("13080512039O0001", NikProblem.Format)]
    [InlineData("0908051203900001", NikProblem.Province)]
    [InlineData("1300051203900001", NikProblem.Regency)]
    [InlineData("1370051203900001", NikProblem.Regency)]
    [InlineData("1308053202900001", NikProblem.BirthDate)]
    [InlineData("1308057202900001", NikProblem.BirthDate)]
    [InlineData("1308051213900001", NikProblem.BirthDate)]
    [InlineData("1308052902010001", NikProblem.BirthDate)]
    [InlineData("1308051203900000", NikProblem.Serial)]
    public void An_implausible_NIK_is_refused_with_its_reason(string input, NikProblem expected) =>
        Assert.Equal(expected, Nik.Check(input, Today, out _));

    [Fact]
    public void An_unknown_kecamatan_code_is_accepted_because_codes_retire() =>
        Assert.Equal(NikProblem.None, Nik.Check("1308991203900001", Today, out _));

    [Fact]
    public void A_masked_NIK_shows_only_its_first_four_and_last_four_digits_grouped_by_four()
    {
        Nik.Check("1308051203900123", Today, out var nik);
        Assert.Equal("1308 **** **** 0123", nik.Masked);
        Assert.Equal("1308 **** **** 0123", nik.ToString());
    }

    [Theory]
    [InlineData("1308051203900123", "1308 **** **** 0123")]
    [InlineData("1308 0512 0390 0123", "1308 **** **** 0123")]
    [InlineData("13.08.05-120390-0123", "1308 **** **** 0123")]
    [InlineData("130805120390012345", "1308 **** **** **23 45")]
    [InlineData("130805120390", "130* **** *390")]
    [InlineData("12345", "1*** 5")]
    [InlineData("123", "***")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void A_NIK_or_KK_number_is_masked_to_at_most_four_digits_each_end(string? input, string expected)
    {
        var masked = Masking.MaskIdNumber(input);
        Assert.Equal(expected, masked);
        Assert.True(masked.Count(char.IsAsciiDigit) <= 8, masked);
    }

    [Theory]
    [InlineData("1308050101010001", true)]
    [InlineData("130805010101000", false)]
    [InlineData("0008050101010001", false)]
    [InlineData("1308050101010000", false)]
    public void A_KK_number_has_sixteen_digits_and_an_area_code(string input, bool valid) =>
        Assert.Equal(valid, KkNumber.IsValid(input));

    [Theory]
    [InlineData("081234567890", "+6281234567890")]
    [InlineData("+62 812-3456-7890", "+6281234567890")]
    [InlineData("6281234567890", "+6281234567890")]
    [InlineData("0751123456", null)]
    [InlineData("0812", null)]
    [InlineData("hello", null)]
    public void Indonesian_mobile_numbers_are_normalised(string input, string? expected) =>
        Assert.Equal(expected, PhoneNumber.Normalize(input));

    [Theory]
    [InlineData(2009, 11, 29, false, true)]
    [InlineData(2009, 11, 30, false, false)]
    [InlineData(2009, 11, 30, true, true)]
    public void Residents_are_eligible_from_seventeen_or_once_married(int y, int m, int d, bool married, bool eligible) =>
        Assert.Equal(eligible, Eligibility.IsEligible(new DateOnly(y, m, d), married, Today));
}
