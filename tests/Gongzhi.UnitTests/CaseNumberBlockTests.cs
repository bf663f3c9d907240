using Gongzhi.Web.Modules.Cases;

namespace Gongzhi.UnitTests;

public sealed class CaseNumberBlockTests
{
    [Theory]
    [InlineData(1, 0, 0, 1)] // the first block of a day, one intake: one number
    [InlineData(5, 0, 0, 5)] // five intakes waiting: one block for all five
    [InlineData(100, 0, 0, 32)] // waiting intakes alone never take more than 32
    [InlineData(1, 4, 5_000, 1)] // the last block ran out long ago: back to what is waiting
    [InlineData(1, 4, 300, 8)] // ran out within a second: a steady stream, twice the last
    [InlineData(1, 4, 999, 8)]
    [InlineData(1, 4, 1000, 1)] // a second or more: not a stream
    [InlineData(20, 4, 300, 20)] // more waiting than twice the last: as many as wait
    [InlineData(1, 200, 300, CaseNumberBlocks.MaxBlock)] // never above the largest block
    [InlineData(1, CaseNumberBlocks.MaxBlock, 999, CaseNumberBlocks.MaxBlock)]
    public void A_block_is_what_waits_or_twice_the_last_in_a_steady_stream(int waiting, int lastSize, long msSinceLast, int expected) =>
        CaseNumberBlocks.SizeOf(waiting, lastSize, msSinceLast).Should().Be(expected);

    [Theory]
    [InlineData(0, false)]
    [InlineData(CaseNumberBlocks.StaleMs, false)]
    [InlineData(CaseNumberBlocks.StaleMs + 1, true)] // older blocks are dropped: no old numbers behind other nodes' newer ones
    public void A_block_taken_more_than_five_seconds_ago_is_stale(long msSinceTaken, bool stale) =>
        CaseNumberBlocks.IsStale(msSinceTaken).Should().Be(stale);
}
