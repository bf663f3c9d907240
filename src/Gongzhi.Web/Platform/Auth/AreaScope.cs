using System.Linq.Expressions;

namespace Gongzhi.Web.Platform.Auth;

/// <summary>Rows that belong to an area carry its code; scope is a code prefix.</summary>
public interface IAreaOwned
{
    string AreaCode { get; }
}

/// <summary>The one filter every query of area-owned rows goes through.</summary>
public static class AreaScope
{
    /// <summary>Rows whose area code starts with one of the caller's prefixes for <paramref name="permission"/>.</summary>
    public static IQueryable<T> InScope<T>(this IQueryable<T> query, Caller caller, Permission permission) where T : IAreaOwned =>
        query.InScope(caller.ScopeFor(permission), x => x.AreaCode);

    /// <summary>Rows whose code (picked by <paramref name="code"/>) starts with one of <paramref name="prefixes"/>.</summary>
    public static IQueryable<T> InScope<T>(this IQueryable<T> query, IReadOnlyList<string> prefixes, Expression<Func<T, string>> code)
    {
        if (prefixes.Count == 0) return query.Where(_ => false);
        var startsWith = typeof(string).GetMethod(nameof(string.StartsWith), [typeof(string)])!;
        Expression? body = null;
        foreach (var prefix in prefixes)
        {
            // A closure-captured value becomes a query parameter, so plans are reused across callers.
            var holder = new PrefixHolder(prefix);
            var value = Expression.Property(Expression.Constant(holder), nameof(PrefixHolder.Value));
            var test = Expression.Call(code.Body, startsWith, value);
            body = body is null ? test : Expression.OrElse(body, test);
        }
        return query.Where(Expression.Lambda<Func<T, bool>>(body!, code.Parameters));
    }

    /// <summary>True when <paramref name="code"/> lies inside one of the prefixes.</summary>
    public static bool Covers(this IReadOnlyList<string> prefixes, string code) =>
        prefixes.Any(p => code.StartsWith(p, StringComparison.Ordinal));

    sealed class PrefixHolder(string value)
    {
        public string Value { get; } = value;
    }
}
