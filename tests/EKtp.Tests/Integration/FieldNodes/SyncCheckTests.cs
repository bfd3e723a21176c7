namespace EKtp.Tests.Integration.FieldNodes;

public class SyncCheckTests
{
    [Fact]
    public void An_event_the_hub_lacks_is_lost_and_one_it_has_twice_is_duplicated()
    {
        var result = SyncCheck.Compare(["1", "2", "3"], ["1", "3", "3", "4"]);

        Assert.Equal(["2"], result.Lost);
        Assert.Equal(["3", "4"], result.Duplicated.Order());
    }

    [Fact]
    public void The_same_keys_on_both_sides_are_neither_lost_nor_duplicated()
    {
        var result = SyncCheck.Compare(["b", "a"], ["a", "b"]);

        Assert.Empty(result.Lost);
        Assert.Empty(result.Duplicated);
    }
}
