using System.Buffers;
using Gongzhi.Web.Modules.Cases;
using Gongzhi.Web.Platform.Audit;

namespace Gongzhi.UnitTests;

/// <summary>The audit JSON writes common values itself; it must write them exactly as the serializer with the audit's options would.</summary>
public sealed class AuditJsonTests
{
    static string Written(object? v)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = AuditInterceptor.Writer(buffer)) AuditInterceptor.WriteValue(w, v);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static TheoryData<object?> Values() => new(new object?[] {
        null, "", "占道经营 <b>&\"'\\", "139****5678", true, 0, -42, long.MaxValue, 0.1, 118.665, 32.0625, -0.0, 1e-7, 1e21, double.MaxValue,
        Guid.Parse("0193a4b2-7c1d-7e2f-8a9b-0c1d2e3f4a5b"), new DateTimeOffset(2026, 11, 30, 6, 37, 5, 123, TimeSpan.Zero),
        new DateTimeOffset(2026, 11, 30, 14, 37, 5, TimeSpan.FromHours(8)), (CaseState)999, DayOfWeek.Monday,
        System.IO.FileAttributes.ReadOnly | System.IO.FileAttributes.Hidden, new DateOnly(2026, 11, 30), 3.5m });

    [Theory, MemberData(nameof(Values))]
    public void A_value_is_written_as_the_serializer_writes_it(object? value) =>
        Written(value).Should().Be(AuditInterceptor.SerializedByOptions(value));

    [Fact]
    public void Every_value_of_every_enum_of_the_app_is_written_as_the_serializer_writes_it()
    {
        var enums = typeof(Case).Assembly.GetTypes().Where(t => t.IsEnum).ToArray();
        enums.Should().NotBeEmpty();
        foreach (var type in enums)
            foreach (var value in Enum.GetValues(type))
                Written(value).Should().Be(AuditInterceptor.SerializedByOptions(value), $"{type.Name}.{value}");
    }
}
