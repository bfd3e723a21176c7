using EKtp.Web.Domain;

namespace EKtp.Tests.Unit;

public class CardTransitionsTests
{
    /// <summary>The pipeline as PRODUCT.md publishes it, with its side states; every other move is illegal.</summary>
    public static readonly (CardStatus From, CardStatus To)[] Legal =
    [
        (CardStatus.Recorded, CardStatus.SentForEnrollment),
        (CardStatus.Recorded, CardStatus.DuplicateRecord),
        (CardStatus.SentForEnrollment, CardStatus.PrintReady),
        (CardStatus.SentForEnrollment, CardStatus.EnrollmentFailed),
        (CardStatus.SentForEnrollment, CardStatus.DuplicateRecord),
        (CardStatus.SentForEnrollment, CardStatus.WaitingForAge),
        (CardStatus.WaitingForAge, CardStatus.PrintReady),
        (CardStatus.PrintReady, CardStatus.Printed),
        (CardStatus.PrintReady, CardStatus.SuketIssued),
        (CardStatus.SuketIssued, CardStatus.Printed),
        (CardStatus.Printed, CardStatus.AtCollectionPoint),
        (CardStatus.AtCollectionPoint, CardStatus.Collected),
        (CardStatus.EnrollmentFailed, CardStatus.SentForEnrollment),
        (CardStatus.DuplicateRecord, CardStatus.SentForEnrollment),
    ];

    public static IEnumerable<object[]> LegalMoves => Legal.Select(m => new object[] { m.From, m.To });

    public static IEnumerable<object[]> IllegalMoves =>
        from f in Enum.GetValues<CardStatus>()
        from t in Enum.GetValues<CardStatus>()
        where !Legal.Contains((f, t))
        select new object[] { f, t };

    [Theory, MemberData(nameof(LegalMoves))]
    public void Each_move_of_the_published_pipeline_is_allowed(CardStatus from, CardStatus to) =>
        Assert.True(CardTransitions.IsAllowed(from, to));

    [Theory, MemberData(nameof(IllegalMoves))]
    public void Every_other_move_is_refused(CardStatus from, CardStatus to) =>
        Assert.False(CardTransitions.IsAllowed(from, to));

    [Fact]
    public void A_collected_card_goes_nowhere_and_every_status_has_an_Indonesian_name()
    {
        Assert.Empty(CardTransitions.From(CardStatus.Collected));
        Assert.All(Enum.GetValues<CardStatus>(), s => Assert.NotEqual(s.ToString(), CardTransitions.Name(s)));
    }

    [Theory]
    [InlineData(new[] { "A", "A", "A" }, 3, "B")]
    [InlineData(new[] { "A", "A", "B" }, 3, "A")]
    [InlineData(new[] { "B", "A", "A" }, 1, "A")]
    [InlineData(new[] { "A" }, 1, "B")]
    [InlineData(new[] { "A", "A", "A", "A" }, 0, "A")]
    [InlineData(new string[0], 2, "A")]
    public void Walk_ins_are_preferred_once_N_booked_residents_were_called_in_a_row(string[] recent, int every, string expected) =>
        Assert.Equal(Enum.Parse<TicketSeries>(expected),
            QueueOrder.PreferredSeries(recent.Select(Enum.Parse<TicketSeries>).ToList(), every));

    private static readonly DateOnly Birthday = new(2027, 6, 15);

    [Theory]
    [InlineData(CardStatus.SentForEnrollment, CardStatus.PrintReady)]
    [InlineData(CardStatus.WaitingForAge, CardStatus.PrintReady)]
    [InlineData(CardStatus.PrintReady, CardStatus.Printed)]
    [InlineData(CardStatus.PrintReady, CardStatus.SuketIssued)]
    public void A_pemula_s_card_goes_nowhere_near_printing_the_day_before_the_17th_birthday_and_may_on_the_day(CardStatus from, CardStatus to)
    {
        Assert.Equal(CardMoveRefusal.BeforeSeventeenthBirthday, CardTransitions.Refusal(from, to, Birthday, Birthday.AddDays(-1)));
        Assert.Equal(CardMoveRefusal.None, CardTransitions.Refusal(from, to, Birthday, Birthday));
    }

    [Fact]
    public void Only_a_card_whose_holder_is_not_17_yet_waits()
    {
        Assert.Equal(CardMoveRefusal.None, CardTransitions.Refusal(CardStatus.SentForEnrollment, CardStatus.WaitingForAge, Birthday, Birthday.AddDays(-1)));
        Assert.Equal(CardMoveRefusal.NothingToWaitFor, CardTransitions.Refusal(CardStatus.SentForEnrollment, CardStatus.WaitingForAge, Birthday, Birthday));
        Assert.Equal(CardMoveRefusal.NothingToWaitFor, CardTransitions.Refusal(CardStatus.SentForEnrollment, CardStatus.WaitingForAge, null, Birthday));
        Assert.Equal(CardMoveRefusal.NotAllowed, CardTransitions.Refusal(CardStatus.Recorded, CardStatus.WaitingForAge, Birthday, Birthday.AddDays(-1)));
        Assert.Equal(new DateOnly(2025, 2, 28), CardTransitions.SeventeenthBirthday(new DateOnly(2008, 2, 29)));
    }
}
