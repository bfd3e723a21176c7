using EKtp.Web.Domain;
using EKtp.Web.Features.Appointments;
using EKtp.Web.Infrastructure.Notifications;

namespace EKtp.Tests.Unit;

/// <summary>Issue 14, items 2 and 10: numbers as residents read them, one word for one thing.</summary>
public class ResidentWordsTests
{
    [Theory]
    [InlineData("1308051505900001", "1308 0515 0590 0001")]
    [InlineData("1308.0501-0110 0001", "1308 0501 0110 0001")]
    public void NIK_and_KK_numbers_are_shown_in_groups_of_four(string typed, string shown) =>
        Assert.Equal(shown, Nik.Grouped(typed));

    [Fact]
    public void The_SMS_names_a_central_server_outage_with_the_words_of_the_page() =>
        Assert.Equal(AppointmentWords.KeyOf(DisruptionKind.CentralServer).ToLowerInvariant(), NotificationTexts.KindWord(DisruptionKind.CentralServer));
}
