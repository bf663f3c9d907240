using System.ComponentModel.DataAnnotations;

namespace Gongzhi.Web.Platform.Http;

/// <summary>One page of a list, with the total so that clients can page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total, int PageNumber, int PageSize);

/// <summary>Query parameters of a paged list: 1-based page, size 1–200.</summary>
public sealed record PageRequest([property: Range(1, 100000)] int Page = 1, [property: Range(1, 200)] int PageSize = 50)
{
    public int Skip => (Page - 1) * PageSize;
}
