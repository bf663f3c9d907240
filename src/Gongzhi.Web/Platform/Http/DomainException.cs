namespace Gongzhi.Web.Platform.Http;

/// <summary>
/// A broken rule. <see cref="Code"/> is stable (clients switch on it) and names the localised message
/// <c>error.{Code}</c>; <see cref="Args"/> fill its placeholders. Mapped once to problem+json (422, or 409 for conflicts).
/// </summary>
public sealed class DomainException(string code, string message, params object[] args) : Exception(message)
{
    public string Code { get; } = code;
    public object[] Args { get; } = args;
    public int Status { get; init; } = StatusCodes.Status422UnprocessableEntity;

    public static DomainException Conflict(string code, string message, params object[] args) =>
        new(code, message, args) { Status = StatusCodes.Status409Conflict };
}
