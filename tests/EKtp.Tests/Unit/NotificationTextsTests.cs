using System.Reflection;
using EKtp.Web.Domain;
using EKtp.Web.Infrastructure;
using EKtp.Web.Infrastructure.Notifications;

namespace EKtp.Tests.Unit;

public class NotificationTextsTests
{
    private static readonly SiteOptions Site = new() { PublicBaseUrl = "https://ektp.example.go.id/" };

    private static object Sample(Type type) => type switch
    {
        _ when type == typeof(SiteOptions) => Site,
        _ when type == typeof(string) => "Kantor Camat Rao",
        _ when type == typeof(DateTimeOffset) => new DateTimeOffset(2027, 3, 2, 1, 0, 0, TimeSpan.Zero),
        _ when type == typeof(DateOnly) => new DateOnly(2027, 3, 2),
        _ when type == typeof(TimeOnly) => new TimeOnly(8, 0),
        _ when type == typeof(DisruptionKind) => DisruptionKind.Network,
        _ => throw new InvalidOperationException("No sample for " + type),
    };

    public static TheoryData<string> Messages()
    {
        var data = new TheoryData<string>();
        foreach (var m in typeof(NotificationTexts).GetMethods(BindingFlags.Public | BindingFlags.Static))
            if (m.ReturnType == typeof(string) && m.Name != nameof(NotificationTexts.KindWord)) data.Add(m.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void Every_message_to_a_resident_carries_a_full_address_a_phone_can_open(string name)
    {
        var method = typeof(NotificationTexts).GetMethod(name)!;
        var text = (string)method.Invoke(null, method.GetParameters().Select(p => Sample(p.ParameterType)).ToArray())!;

        Assert.Matches(@"https://ektp\.example\.go\.id/[a-z-]", text);
        Assert.DoesNotContain("go.id//", text);
    }

    [Fact]
    public void A_message_tells_the_time_in_Indonesian_style()
    {
        var text = NotificationTexts.BookingConfirmed("PSM-7K3Q2XQ", new DateTimeOffset(2027, 3, 2, 1, 0, 0, TimeSpan.Zero), "Kantor Camat Rao", Site);

        Assert.Equal("EKtp: Janji PSM-7K3Q2XQ Sel 02/03 08.00 di Kantor Camat Rao. Bawa KK. Ubah/batal: https://ektp.example.go.id/booking/manage", text);
    }
}
