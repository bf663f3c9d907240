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
    public static IQueryable<T> InScope<T>(this IQueryable<T> query, IReadOnlyList<string> prefixes, Expression<Func<T, string>> code) =>
        // Prefixes are read from a holder object, so they become query parameters and plans are reused across callers.
        query.Where(Predicate(prefixes, code));

    /// <summary>The predicate behind <see cref="InScope{T}(IQueryable{T}, IReadOnlyList{string}, Expression{Func{T, string}})"/>, to combine with others.</summary>
    public static Expression<Func<T, bool>> Predicate<T>(IReadOnlyList<string> prefixes, Expression<Func<T, string>> code)
    {
        if (prefixes.Count == 0) return _ => false;
        var startsWith = typeof(string).GetMethod(nameof(string.StartsWith), [typeof(string)])!;
        Expression? body = null;
        foreach (var prefix in prefixes)
        {
            var value = Expression.Property(Expression.Constant(new PrefixHolder(prefix)), nameof(PrefixHolder.Value));
            var test = Expression.Call(code.Body, startsWith, value);
            body = body is null ? test : Expression.OrElse(body, test);
        }
        return Expression.Lambda<Func<T, bool>>(body!, code.Parameters);
    }

    /// <summary>a OR b, over one parameter.</summary>
    public static Expression<Func<T, bool>> Or<T>(this Expression<Func<T, bool>> a, Expression<Func<T, bool>> b) =>
        Expression.Lambda<Func<T, bool>>(Expression.OrElse(a.Body, new Rebind(b.Parameters[0], a.Parameters[0]).Visit(b.Body)), a.Parameters);

    /// <summary>a AND b, over one parameter.</summary>
    public static Expression<Func<T, bool>> And<T>(this Expression<Func<T, bool>> a, Expression<Func<T, bool>> b) =>
        Expression.Lambda<Func<T, bool>>(Expression.AndAlso(a.Body, new Rebind(b.Parameters[0], a.Parameters[0]).Visit(b.Body)), a.Parameters);

    sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }

    /// <summary>True when <paramref name="code"/> lies inside one of the prefixes.</summary>
    public static bool Covers(this IReadOnlyList<string> prefixes, string code) =>
        prefixes.Any(p => code.StartsWith(p, StringComparison.Ordinal));

    sealed class PrefixHolder(string value)
    {
        public string Value { get; } = value;
    }
}
