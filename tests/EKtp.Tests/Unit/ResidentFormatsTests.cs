using System.Globalization;
using EKtp.Web.Domain;

namespace EKtp.Tests.Unit;

/// <summary>Issue 14, item 9: the check page writes dates and phone numbers as residents write them.</summary>
public class ResidentFormatsTests
{
    [Theory]
    [InlineData("+6281234567890", "0812-3456-7890")]
    [InlineData("0812 3456 7890", "0812-3456-7890")]
    [InlineData("08123456789", "0812-3456-789")]
    [InlineData("021-555-1234", "021-555-1234")]
    public void A_phone_number_is_shown_in_groups_of_four_from_its_leading_zero(string typed, string shown) =>
        Assert.Equal(shown, PhoneNumber.Display(typed));

    [Fact]
    public void A_date_is_shown_with_its_month_name()
    {
        var before = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("id-ID");
            Assert.Equal("15 Januari 1990", WibText.Date(new DateOnly(1990, 1, 15)));
            CultureInfo.CurrentCulture = new CultureInfo("en-US");
            Assert.Equal("15 January 1990", WibText.Date(new DateOnly(1990, 1, 15)));
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }
}
