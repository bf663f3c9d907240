using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Gongzhi.Web.Platform.Data;

/// <summary>
/// Whether the scope's <see cref="GongzhiDb"/> has begun or joined a transaction, known without initialising the
/// context: reading <c>Database.CurrentTransaction</c> builds the context's internal services, which was 13 % of a case
/// intake's CPU when nothing else in the request touched the context. Conservative: once a transaction was seen the
/// answer stays "yes" for the scope, so a caller may take a slower path but never writes outside a transaction it is in.
/// </summary>
public sealed class TransactionWatch : DbTransactionInterceptor
{
    public bool Seen { get; private set; }

    public override DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        Seen = true;
        return result;
    }

    public override ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result,
        CancellationToken cancellationToken = default)
    {
        Seen = true;
        return ValueTask.FromResult(result);
    }

    public override DbTransaction TransactionUsed(DbConnection connection, TransactionEventData eventData, DbTransaction result)
    {
        Seen = true;
        return result;
    }

    public override ValueTask<DbTransaction> TransactionUsedAsync(DbConnection connection, TransactionEventData eventData, DbTransaction result,
        CancellationToken cancellationToken = default)
    {
        Seen = true;
        return ValueTask.FromResult(result);
    }
}
