using EKtp.Web.Infrastructure;
using EKtp.Web.Infrastructure.Notifications;

namespace EKtp.Tests.Unit;

/// <summary>Issue 14, item 6: the card-ready message also reaches residents who came without an appointment.</summary>
public class CardReadyTextTests
{
    [Fact]
    public void The_card_ready_message_asks_for_the_family_card_and_no_slip()
    {
        var text = NotificationTexts.CardReady("Kantor Camat Rao", new SiteOptions());

        Assert.DoesNotContain("bukti janji", text);
        Assert.Contains("Bawa KK", text);
        Assert.True(text.Length <= 160, text);
    }
}
